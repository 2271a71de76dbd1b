// Package darwin_arm64 holds libloginkit_c.a for darwin/arm64 (see the parent package lib).
package darwin_arm64
