module github.com/loginkit/loginkit/bindings-go

go 1.22
