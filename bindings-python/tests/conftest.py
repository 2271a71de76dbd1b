"""Shared test set-up. The tests import the INSTALLED loginkit, never the
source tree (CI runs them from outside it), so a file missing from the
wheel fails them."""

import sys

import loginkit


def _conformance_runner():
    return next((m for m in list(sys.modules.values()) if getattr(m, "CONFORMANCE_RUNNER", False)), None)


def pytest_report_header(config):
    return f"loginkit from {loginkit.__file__}"


def pytest_sessionfinish(session, exitstatus):
    runner = _conformance_runner()
    if runner is not None:
        runner.write_results()


def pytest_terminal_summary(terminalreporter):
    runner = _conformance_runner()
    for line in runner.summary_lines() if runner is not None else []:
        terminalreporter.write_line(line)
