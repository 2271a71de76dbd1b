// Package linux_amd64 holds libloginkit_c.a for linux/amd64 (see the parent package lib).
package linux_amd64
