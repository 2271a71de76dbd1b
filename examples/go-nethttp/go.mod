module github.com/loginkit/loginkit/examples/go-nethttp

go 1.22

require github.com/loginkit/loginkit/bindings-go v0.0.0

replace github.com/loginkit/loginkit/bindings-go => ../../bindings-go
