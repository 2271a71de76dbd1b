// Package windows_amd64 holds libloginkit_c.a for windows/amd64 (see the parent package lib).
package windows_amd64
