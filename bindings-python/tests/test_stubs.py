"""The installed type stubs: the ErrorCode Literal is the core's list of
codes, the authorization options are the binding's, and every public name
in them is documented."""

from __future__ import annotations

import ast
import inspect
import typing
from pathlib import Path

import loginkit

STUB = Path(loginkit.__file__).with_name("_loginkit.pyi")


def stub_module() -> ast.Module:
    return ast.parse(STUB.read_text(encoding="utf-8"), filename=str(STUB))


def stub_error_code() -> object:
    """The stubs' ``ErrorCode``, evaluated as the type checker reads it."""
    (alias,) = [node for node in stub_module().body
                if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "ErrorCode"]
    assert alias.value is not None
    namespace: dict[str, object] = {"Literal": typing.Literal}
    return eval(compile(ast.Expression(alias.value), str(STUB), "eval"), namespace)


def test_the_stub_error_codes_are_the_cores() -> None:
    # ERROR_CODES comes from the core's ErrorCode::ALL; the stub is written
    # by hand, so a code added to the core fails here until it is added there.
    stub_codes = typing.get_args(stub_error_code())
    expected = "\n".join(f'    "{code}",' for code in loginkit.ERROR_CODES)
    assert stub_codes == loginkit.ERROR_CODES, (
        f"{STUB.name}: ErrorCode differs from the core's list; it must read\n"
        f"ErrorCode: TypeAlias = Literal[\n{expected}\n]")


def test_error_code_at_run_time() -> None:
    assert typing.get_args(loginkit.ErrorCode) == loginkit.ERROR_CODES
    assert "ErrorCode" in loginkit.__all__
    assert len(set(loginkit.ERROR_CODES)) == len(loginkit.ERROR_CODES)


def stub_class(name: str) -> ast.ClassDef:
    (node,) = [node for node in stub_module().body if isinstance(node, ast.ClassDef) and node.name == name]
    return node


def stub_keywords(cls: ast.ClassDef, method: str) -> list[str]:
    (function,) = [node for node in cls.body if isinstance(node, ast.FunctionDef) and node.name == method]
    return [argument.arg for argument in function.args.kwonlyargs]


def test_the_stub_authorization_options_are_the_bindings() -> None:
    # The options are named once in the Rust binding (authorization_options!,
    # which makes the constructor's signature); the stub repeats them as
    # signatures, so an option added there fails here until the stub has it.
    options = list(inspect.signature(loginkit.AuthorizationUrlOptions).parameters)
    cls = stub_class("AuthorizationUrlOptions")
    fields = [node.target.id for node in cls.body if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)]
    assert fields == options
    assert stub_keywords(cls, "__init__") == options
    client = stub_class("Client")
    assert stub_keywords(client, "get_authorization_url") == options
    # start_login derives the PKCE challenge from the verifier it generates.
    assert stub_keywords(client, "start_login") == [o for o in options if o != "code_challenge"]
    own = ["return_to", "cookie_options", "now"]
    transaction = stub_keywords(client, "start_login_transaction")
    assert transaction[:3] == own and set(transaction[3:]) < set(options)


def undocumented(body: list[ast.stmt], prefix: str = "") -> list[str]:
    missing = []
    for index, node in enumerate(body):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            name = node.name
            # Dunders document themselves; a second @overload shares the first's docstring.
            overload = any(isinstance(d, ast.Name) and d.id == "overload" for d in node.decorator_list)
            repeated = overload and any(isinstance(n, ast.FunctionDef) and n.name == name for n in body[:index])
            if name.startswith("_") or repeated:
                continue
            if ast.get_docstring(node) is None:
                missing.append(prefix + name)
            if isinstance(node, ast.ClassDef):
                missing += undocumented(node.body, f"{prefix}{name}.")
        elif isinstance(node, (ast.AnnAssign, ast.Assign)):
            target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
            if isinstance(target, ast.Name) and not target.id.startswith("_"):
                following = body[index + 1] if index + 1 < len(body) else None
                documented = (isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
                              and isinstance(following.value.value, str))
                if not documented:
                    missing.append(prefix + target.id)
    return missing


def test_every_public_name_in_the_stubs_is_documented() -> None:
    assert undocumented(stub_module().body) == []
