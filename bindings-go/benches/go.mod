module github.com/loginkit/loginkit/bindings-go/benches

go 1.22

require (
	github.com/golang-jwt/jwt/v5 v5.3.1
	github.com/loginkit/loginkit/bindings-go v0.0.0
)

replace github.com/loginkit/loginkit/bindings-go => ../
