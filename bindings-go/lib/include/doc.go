// Package include holds the C ABI's header, loginkit.h (see the parent package lib).
package include
