// Package linux_arm64 holds libloginkit_c.a for linux/arm64 (see the parent package lib).
package linux_arm64
