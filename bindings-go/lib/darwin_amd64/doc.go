// Package darwin_amd64 holds libloginkit_c.a for darwin/amd64 (see the parent package lib).
package darwin_amd64
