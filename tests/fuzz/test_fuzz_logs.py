"""The Python and JavaScript log analysers: any text gives a list of hits inside the file, never
an exception; very deep nesting (which `ast` meets with RecursionError or MemoryError and a
recursive walk with RecursionError) gives a list too.

tests/classify/test_logs_python.py and test_logs_js.py feed random text, token soups and
random bytes; most of those stop at the first stage (no sink call near a sensitive word).
Here the programs are built from statements that reach every stage: sinks, sensitive words,
assignments that carry them, nested functions and classes, broken at random places.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from launchguard.classify.logs_js import analyze_js
from launchguard.classify.logs_python import analyze_python
from tests.fuzz import targets
from tests.fuzz.checks import fuzz_settings

_PY_STATEMENTS = [
    "token = os.environ['API_TOKEN']",
    "password = request.form.get('password')",
    "headers = request.headers",
    "log.info('%s', token)",
    "logger.debug(f'auth {headers}')",
    "print(password)",
    "logging.warning('body: %r', request.json)",
    "sys.stderr.write(str(settings.__dict__))",
    "value = token[:4] + '...'",
    "log = logging.getLogger(__name__)",
    "return token",
    "yield password",
    "async with s as c: print(c.token)",
    "lambda: print(token)",
    "# launchguard:allow",
    "print(*args, **kwargs)",
    "logger.info('x', extra={'token': token})",
]
_PY_BLOCKS = ["def f(token, request):", "class C:", "if token:", "for k, v in d.items():"]
_PY_BLOCKS += ["async def g(self, password):", "try:", "except Exception as e:", "with x:"]
# What breaks a program: unbalanced brackets and quotes, stray text.
_PY_BREAKERS = ["x = (", "]", "'''", '"', "f'{", "\\", "):", "\t"]


@st.composite
def python_programs(draw: st.DrawFn) -> str:
    """Lines of statements and block openers, indented as Python wants them, with now and
    then a line that breaks the program."""
    lines, depth = [], 0
    for _ in range(draw(st.integers(0, 25))):
        if draw(st.integers(0, 4)) == 0:
            lines.append("    " * depth + draw(st.sampled_from(_PY_BLOCKS)))
            depth += 1
            continue
        depth = max(0, depth - draw(st.sampled_from([0, 0, 0, 1, 2])))
        broken = draw(st.integers(0, 9)) == 0  # mostly programs that parse
        line = draw(st.sampled_from(_PY_BREAKERS) | st.text(max_size=3)) if broken else None
        lines.append("    " * depth + (line or draw(st.sampled_from(_PY_STATEMENTS))))
    end = draw(st.sampled_from(["\n", "\n", "\r\n", "\r", "", "\\\n"]))
    return end.join(lines) + end


# Deep nesting of every kind of expression and block the analysers walk.
_PY_DEEP = [
    "print(" + "(" * 5000 + "token" + ")" * 5000 + ")",
    "def f(token):\n    print(" + "(" * 199 + "token" + ")" * 199 + ")",
    "def f(password):\n    print(" + " + ".join(["password"] * 30000) + ")",
    "def f(password):\n    print(" + " and ".join(["password"] * 30000) + ")",
    "def f(password):\n    print(" + " if x else ".join(["password"] * 3000) + ")",
    "def f(token):\n    print(" + "-" * 100_000 + "token)",
    "def f(token):\n    print(" + "not " * 50_000 + "token)",
    "def f(token):\n    print(" + "lambda: " * 20_000 + "token)",
    "def f(token):\n    print(token" + "[0]" * 30_000 + ")",
    "def f(token):\n    print(token" + "()" * 30_000 + ")",
    "def f(token):\n    print(token" + ".a" * 20_000 + ")",
    "def f(token):\n    t0 = token\n" + "".join(f"    t{i} = t{i - 1}\n" for i in range(1, 3000)),
    "".join("    " * i + f"def f{i}(token):\n" for i in range(100)) + "    " * 100 + "print(token)",
    "def f(token):\n"
    + "".join("    " * (i + 1) + "if x:\n" for i in range(99))
    + "    " * 100
    + "print(token)",
    "def f(token):\n    print(f'{" + "f'{" * 150 + "token" + "}'" * 150 + "}')",
]
_JS_DEEP = [
    "console.log(" + "(\n" * 5000 + "token" + ")\n" * 5000 + ")",
    "console.log(" + "{...\n" * 5000 + "req.body" + "}\n" * 5000 + ")",  # RecursionError once
    "console.log(" + "{a:\n" * 5000 + "token" + "}\n" * 5000 + ")",
    "console.log(" + "[\n" * 5000 + "req.body" + "]\n" * 5000 + ")",
    "console.log(" + "token+\n" * 20000 + "x)",
    "console.log(" + "a?token:\n" * 5000 + "x)",
    "console.log(" + "f(\n" * 5000 + "token" + ")\n" * 5000 + ")",
    "console.log(`" + "${`\n" * 3000 + "${token}" + "`}\n" * 3000 + "`)",
    "console.log(req" + "\n.a" * 20000 + ")",
    "console.log(" + "JSON.stringify(\n" * 5000 + "req.body" + ")\n" * 5000 + ")",
    "let t0 = process.env.SECRET_KEY;\n"
    + "".join(f"let t{i} = t{i - 1};\n" for i in range(1, 3000))
    + "console.log(t2999)",
    "".join(f"let a{i} = a{(i + 1) % 500};\n" for i in range(500)) + "console.log(a0)",
    "function f(){\n" * 3000 + "console.log(token)" + "}\n" * 3000,
    "const f = " + "() =>\n" * 5000 + "console.log(token)",
    "console.log(" + "(token as any)\n as any" * 3000 + ")",
]


def _check_python(text: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for hit in analyze_python(text):
        assert 1 <= hit.line <= len(lines)
        assert 1 <= hit.column <= len(lines[hit.line - 1]) + 1
        assert hit.sink
        assert len(hit.expression) <= 80


def _check_js(code: str, dialect: str) -> None:
    lines = code.split("\n")
    for hit in analyze_js(code.encode("utf-8", "surrogatepass"), dialect):  # type: ignore[arg-type]
        assert 1 <= hit.line <= len(lines)
        assert 1 <= hit.column <= len(lines[hit.line - 1]) + 1
        assert hit.sink


@fuzz_settings(300)
@given(python_programs())
@example("def f(token):\n    log.info(token)\n\ttoken = 1\n")  # tabs and spaces mixed
@example("def f(password):\n  print(password)\r  print(password)\r")
@example("\ufeffdef f(token):\n    print(token)\n")
@example("def f(token):\n    print('\ud800', token)\n")  # a lone surrogate in the source
def test_python_programs_give_hits_inside_the_file(text: str) -> None:
    _check_python(text)


@fuzz_settings(300)
@given(st.binary(max_size=400))
@example(b"def f(token):\n    print(token)\x00\n")
@example(b"def f(token):\n    print(token, '\xff\xfe')\n")
def test_python_bytes_give_hits_inside_the_file(data: bytes) -> None:
    targets.logs_python(data, Path())


@pytest.mark.parametrize("text", _PY_DEEP, ids=range(len(_PY_DEEP)))
def test_python_deep_nesting_gives_a_list(text: str) -> None:
    _check_python(text)


_JS_STATEMENTS = [
    "const token = process.env.STRIPE_SECRET_KEY;",
    "let { password } = req.body;",
    "console.log(token);",
    "logger.info({ headers: req.headers });",
    "this.logger?.warn(`auth ${req.headers.authorization}`);",
    "console.error(JSON.stringify(config));",
    "const masked = token.slice(-4);",
    "export default function handler(req: Request, res) {",
    "app.post('/x', async (req, res) => {",
    "class A { constructor(private logger: Logger) {}",
    "}",
    "});",
    "(",
    "`${",
    "'",
    "/*",
    "// launchguard:allow",
    "<div>{token}</div>",
    "const log = createLogger();",
    "log.debug({ ...req.body, password: undefined });",
    "type T = { token: string };",
]


@fuzz_settings(300)
@given(
    code=st.lists(st.sampled_from(_JS_STATEMENTS) | st.text(max_size=4), max_size=25).map(
        "\n".join
    ),
    dialect=st.sampled_from(["js", "ts", "tsx"]),
)
@example(code="console.log(\n{...{...{...req.body}}})", dialect="js")
def test_js_programs_give_hits_inside_the_file(code: str, dialect: str) -> None:
    _check_js(code, dialect)


@pytest.mark.parametrize("code", _JS_DEEP, ids=range(len(_JS_DEEP)))
@pytest.mark.parametrize("dialect", ["js", "ts", "tsx"])
def test_js_deep_nesting_gives_a_list(code: str, dialect: str) -> None:
    _check_js(code, dialect)


@fuzz_settings(300)
@given(st.binary(max_size=400))
def test_js_bytes_give_hits_inside_the_file(data: bytes) -> None:
    targets.logs_js(data, Path())
