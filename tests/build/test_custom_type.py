"""A log's own record type, declared in its conf.py and nowhere else: tests/roots/risk is
the mini log with a ``risk`` (likelihood and impact, which take declared values; links
to decisions) and one risks file. The command creates, lists and checks risks as a user
runs it, and one build publishes them: their page in the home page's toctree, their
table, cards, back-links on the decisions they name, permalinks, the traceability page's
columns, the schema reference, a feed, the search filter and needs.json."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import built_once
from dmlog import schema
from dmlog.cli import main
from dmlog.log import layout
from dmlog.log.scaffold import TEMPLATES
from helpers import Build, copy_root, edit, git, git_repository, import_plan, invoke, one

MEETING = "MTG-2020-05-01-review"
RISKS = "risks/2020/2020-05-01-review.md"
NEW_RISK = ("new", "risk", "--meeting", MEETING, "--title", "Tucson is booked out",
            "--owner", "Bob", "--likelihood", "low", "--impact", "major",
            "--decision", "DEC-2020-001", "--text", "The hotel may have no rooms left.")


@pytest.fixture(autouse=True)
def dmlogs_own_schema() -> Iterator[None]:
    """The command, run in this process, made the schema the risk log's: the next test
    of this worker reads dmlog's own."""
    yield
    schema.declare({}, {}, {})


@pytest.fixture(scope="module")
def risk_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The risk log with a second risk written by `dmlog new risk`, built once."""
    def make_site(folder: Path) -> Path:
        site = copy_root("risk", folder)
        code, output = invoke(site, *NEW_RISK)
        assert code == 0, output
        assert f"{RISKS}: added risk RSK-2020-002" in output
        code, output = invoke(site, "new", "risk", "--meeting", MEETING, "--title", "Snow", "--owner",
                              "ann", "--likelihood", "low", "--impact", "minor")
        assert code == 0, output
        code, output = invoke(site, "close", "RSK-2020-003", "--status", "retired", "--date", "2020-06-01")
        assert code == 0, output
        # the list page of a type no longer declared, as an earlier dmlog generated it
        # into the sources: left alone, and out of the site
        (site / "docs/rfcs.md").write_text(f"{layout.GENERATED_MARK} conf.py's dmlog_types: …-->\n# Rfcs\n",
                                           encoding="utf-8")
        # a log's repository, with the .gitignore `dmlog init` gives it
        gitignore = (TEMPLATES / "gitignore").read_text(encoding="utf-8")
        (site / ".gitignore").write_text(gitignore, encoding="utf-8")
        return git_repository(site)

    build = built_once(tmp_path_factory, "risk", make_site)
    schema.declare({}, {}, {})
    assert build.returncode == 0, build.output
    return build


def test_the_command_creates_lists_and_checks_the_logs_own_type(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = copy_root("risk", tmp_path / "site")
    monkeypatch.chdir(site / "risks")  # the user is in their log
    result = CliRunner().invoke(main, ["new", "--help"])
    assert result.exit_code == 0 and "risk      Add a risk to its meeting's risks file." in result.output
    code, output = invoke(site, "new", "risk", "--help")
    assert code == 0 and "--likelihood [low|medium|high]" in output
    code, output = invoke(site, *NEW_RISK)
    assert code == 0, output
    written = (site / RISKS).read_text(encoding="utf-8")
    assert ("```{risk} Tucson is booked out\n:id: RSK-2020-002\n:status: open\n:owner: bob\n"
            f":meeting: {MEETING}\n:likelihood: low\n:impact: major\n:decision: DEC-2020-001\n\n"
            "The hotel may have no rooms left.\n```\n") in written
    # a meeting's first risk starts its file, headed as the type's plural says
    code, output = invoke(site, "new", "meeting", "--date", "2020-07-01", "--title", "Summer")
    assert code == 0, output
    code, output = invoke(site, "new", "risk", "--meeting", "MTG-2020-07-01-summer", "--title",
                          "Heat", "--owner", "ann", "--likelihood", "high", "--impact", "minor")
    assert code == 0, output
    assert (site / "risks/2020/2020-07-01-summer.md").read_text(encoding="utf-8").startswith(
        "# Risks: Summer\n\nRisks recorded in the minutes of {need}`MTG-2020-07-01-summer`.")

    code, output = invoke(site, "list", "risks")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "STATUS", "LIKELIHOOD", "IMPACT", "OWNER"]
    assert [line.split()[0] for line in lines[1:]] == ["RSK-2020-001", "RSK-2020-002", "RSK-2020-003"]
    assert "low" in lines[2] and "major" in lines[2] and "Bob Builder" in lines[2]
    code, output = invoke(site, "list", "risks", "--status", "mitigated")
    assert code == 0 and output == "(no records)\n"
    code, output = invoke(site, "list", "all", "--format", "csv")
    assert code == 0 and "RSK-2020-003" in output and "DEC-2020-001" in output
    code, output = invoke(site, "list", "riskz")
    assert code == 1 and "'riskz' is not what dmlog lists: use decisions, actions, risks or all" in output

    code, output = invoke(site, "check")
    assert code == 0, output
    # closed with the date, as its declaration has the closed field; a decision is not closed
    code, output = invoke(site, "close", "RSK-2020-003", "--status", "mitigated", "--date", "2020-06-10")
    assert code == 0
    assert output == "risks/2020/2020-07-01-summer.md:5: RSK-2020-003 is mitigated (2020-06-10)\n"
    assert ":id: RSK-2020-003\n:status: mitigated\n:closed: 2020-06-10\n" in (
        site / "risks/2020/2020-07-01-summer.md").read_text(encoding="utf-8")
    code, output = invoke(site, "close", "RSK-2020-002", "--status", "done")
    assert code == 1 and "--status 'done': a risk closes as mitigated or retired" in output
    code, output = invoke(site, "close", "DEC-2020-001")
    assert code == 1 and "DEC-2020-001 is a decision, not an action or a risk" in output
    # a value the field does not declare, and a decision that is not one
    code, output = invoke(site, "new", "risk", "--meeting", MEETING, "--title", "X", "--owner",
                          "ann", "--likelihood", "certain", "--impact", "minor")
    assert code == 2 and "'certain' is not one of 'low', 'medium', 'high'" in output
    code, output = invoke(site, "new", "risk", "--meeting", MEETING, "--title", "X", "--owner",
                          "ann", "--likelihood", "low", "--impact", "minor", "--decision", "ACT-2020-001")
    assert code == 1 and "--decision 'ACT-2020-001' is not a decision of the log" in output
    edit(site, RISKS, ":impact: severe", ":impact: enormous")
    edit(site, RISKS, ":likelihood: medium\n", "")
    code, output = invoke(site, "check")
    assert code == 1
    assert (f"{RISKS}:3: 'enormous' is not a value of :impact: (RSK-2020-001): use one of minor, "
            "major, severe") in output
    assert (f"{RISKS}:3: risk RSK-2020-001 has no likelihood: add ':likelihood: low' (one of low, "
            "medium, high)") in output


MINUTES = """\
# Risk review

Attendees: Ann Author, Bob Builder

- Risk: the hotel may be booked out (Bob)
- Risk of delay is low this quarter.
- Hazard: ice on the road, likelihood high, impact major (Ann Author)

## Risk register

- Snow closes the summit
"""


def test_the_importer_finds_the_logs_own_type_and_says_what_the_minutes_do_not_give(
        tmp_path: Path) -> None:
    site = copy_root("risk", tmp_path / "site")
    (site / "docs/registry/import.yaml").write_text(
        "risk-markers:\n  - name: hazard\n    words: [Hazard]\nsections:\n  risks: [Risk register]\n",
        encoding="utf-8")
    minutes = tmp_path / "review.md"
    minutes.write_text(MINUTES, encoding="utf-8")
    args = ("import", str(minutes), "--date", "2020-06-01", "--title", "Risk review")
    plan = import_plan(site, minutes, *args[2:])
    risks = {r["lines"][0]: r for r in plan["records"] if r["type"] == "risk"}
    assert {n: (r["id"], r["rule"], r["owners"], r["missing"]) for n, r in risks.items()} == {
        5: ("RSK-2020-002", "type:risk", ["bob"], ["likelihood", "impact"]),
        7: ("RSK-2020-003", "style:hazard", ["ann"], []),
        11: ("RSK-2020-004", "section:risk", [], ["owner", "likelihood", "impact"])}
    assert {r["type"] for r in plan["records"] if r["lines"][0] == 6} <= {"decision"}  # no risk

    code, output = invoke(site, *args)
    assert code == 0, output
    written = "risks/2020/2020-06-01-risk-review.md"
    assert (f"{minutes}:5: RSK-2020-002 needs :likelihood: and :impact:, which the minutes do not give: "
            f"set them in {written} (`dmlog check` fails until then)") in output
    assert f"{minutes}:11: RSK-2020-004 needs :owner:, :likelihood: and :impact:" in output
    assert "2 record(s) need fields the minutes do not give before the log builds" in output
    assert ":id: RSK-2020-003\n:status: open\n:owner: ann\n:meeting: MTG-2020-06-01-risk-review\n" \
           ":likelihood: high\n:impact: major\n" in (site / written).read_text(encoding="utf-8")
    # a back catalogue says so too
    (tmp_path / "back").mkdir()
    (tmp_path / "back" / "2020-07-01-summer.md").write_text("# Summer\n\n- Risk: the lab floods (Bob)\n",
                                                            encoding="utf-8")
    code, output = invoke(site, "import", str(tmp_path / "back"))
    assert code == 0, output
    assert "records need fields the minutes do not give before the log builds" in output
    # the check names each at its file and line, with the fix
    code, output = invoke(site, "check")
    assert code == 1
    assert (f"{written}:5: risk RSK-2020-002 has no likelihood: add ':likelihood: low' (one of low, "
            "medium, high)") in output
    assert f"{written}:25: risk RSK-2020-004 has no owner" in output
    for risk in ("RSK-2020-002", "RSK-2020-004"):
        edit(site, written, f":id: {risk}\n", f":id: {risk}\n:likelihood: low\n:impact: minor\n")
    edit(site, written, ":meeting: MTG-2020-06-01-risk-review\n\nSnow",
         ":meeting: MTG-2020-06-01-risk-review\n:owner: ann\n\nSnow")
    edit(site, "risks/2020/2020-07-01-summer.md", ":id: RSK-2020-005\n",
         ":id: RSK-2020-005\n:likelihood: low\n:impact: minor\n")
    code, output = invoke(site, "check")
    assert code == 0, output


def test_a_declaration_that_cannot_be_used_is_named_at_its_line_in_conf_py(tmp_path: Path) -> None:
    site = copy_root("risk", tmp_path / "site")
    edit(site, "conf.py", '"prefix": "RSK"', '"prefix": "DEC"')
    code, output = invoke(site, "check")
    assert code == 1
    assert "conf.py:12: dmlog_types['risk']['prefix'] 'DEC' is the prefix of decision" in output
    edit(site, "conf.py", '"prefix": "DEC"', '"prefix": "RSK", "colour": "red"')
    code, output = invoke(site, "check")
    assert code == 1 and "dmlog_types['risk']: unknown key 'colour'; use title, plural" in output
    edit(site, "conf.py", ', "colour": "red"', "")
    edit(site, "conf.py", '"impact": {', '"impakt": {')
    code, output = invoke(site, "check")
    assert code == 1 and "dmlog_types['risk']: 'impact' is not a field or link" in output


def test_the_build_publishes_the_logs_own_type(risk_build: Build) -> None:
    # the build wrote nothing into the log's sources: its list page is the build's own
    assert git(risk_build.srcdir, "status", "--porcelain", "--untracked-files=all") == ""
    assert not (risk_build.srcdir / "docs" / "risks.md").exists()
    assert not (risk_build.outdir / "docs" / "rfcs.html").exists()
    home = BeautifulSoup(risk_build.html("docs/index"), "html.parser")
    assert one(home, "a", href="risks.html").get_text(strip=True) == "Risks"  # the header's sections
    # the home page's figures count the log's own type beside decisions and actions
    figures = [f.get_text(" ", strip=True) for f in home.find_all(class_="dmlog-figure")]
    assert figures[:4] == ["1 decisions 1 in force", "2 open actions 1 overdue",
                           "0 actions closed done or cancelled", "3 risks 2 open"]
    latest = [" ".join(p.get_text(" ").split()) for p in home.find_all("p") if "(2020-05-01)" in p.get_text()]
    assert latest == ["Review meeting (2020-05-01): 1 decision, 2 actions, 3 risks."]  # the latest meeting
    risks_figure = next(f for f in home.find_all(class_="dmlog-figure") if "risks" in f.get_text())
    assert {a["href"] for a in risks_figure.find_all("a")} == {"risks.html"}

    page = BeautifulSoup(risk_build.html("docs/risks"), "html.parser")
    table = json.loads(one(page, "script", type="application/json").get_text())
    assert [c["title"] for c in table["columns"]] == ["ID", "Title", "Status", "Likelihood",
                                                      "Impact", "Owner"]
    rows = {BeautifulSoup(str(row[3]), "html.parser").get_text(strip=True): row[3:]
            for row in table["rows"]}
    assert sorted(rows) == ["RSK-2020-001", "RSK-2020-002", "RSK-2020-003"]
    assert rows["RSK-2020-002"][3:5] == ["low", "major"]

    card = one(BeautifulSoup(risk_build.html("risks/2020/2020-05-01-review"), "html.parser"),
               id="RSK-2020-001")
    text = " ".join(card.get_text(" ").split())
    assert "Likelihood medium" in text and "Impact severe" in text and "Owner Ann Author" in text
    assert (risk_build.outdir / "r" / "RSK-2020-002.html").exists()

    # the decision a risk names lists it, apart from the actions implementing it
    decision = one(BeautifulSoup(risk_build.html("decisions/2020/2020-05-01-review"), "html.parser"),
                   id="DEC-2020-001")
    sections = " ".join(decision.get_text(" ").split())
    assert "Actions implementing this decision (1)" in sections
    assert "Risks (2) ID Title Status Likelihood Impact Owner RSK-2020-001" in sections

    # the traceability page: a column of the decisions' risks, a count of each milestone's;
    # the schema reference; the type's feed
    trace = BeautifulSoup(risk_build.html("docs/traceability"), "html.parser")
    assert one(trace, "a", string="risks")["href"] == "risks.html"  # a Markdown link to the page
    decisions = json.loads(one(trace, "script", type="application/json").get_text())
    risks = [c["title"] for c in decisions["columns"]].index("Risks")
    assert "RSK-2020-001" in str(decisions["rows"][0][3 + risks]) and "RSK-2020-002" in str(
        decisions["rows"][0][3 + risks])
    milestones = one(trace, id="milestones-by-record").find_next("table")
    assert milestones is not None
    assert [th.get_text(strip=True) for th in milestones.find_all("th")][2:5] == [
        "Decisions", "Actions", "Risks"]
    assert "{risk}" in [code.get_text() for code in trace.find_all("code")]  # the schema reference

    feed = (risk_build.outdir / "feeds" / "risks.atom").read_text(encoding="utf-8")
    assert "RSK-2020-001: The plan slips past the summer" in feed and "RSK-2020-002" in feed

    filters = json.loads((risk_build.outdir / "pagefind" / "dmlog-filters.json").read_text())
    assert "Risk" in filters["values"]["type"]

    needs = risk_build.needs
    assert {k: needs["RSK-2020-002"][k] for k in ("type", "likelihood", "impact", "decision")} == {
        "type": "risk", "likelihood": "low", "impact": "major", "decision": ["DEC-2020-001"]}
    assert needs["DEC-2020-001"]["decision_back"] == ["ACT-2020-001", "RSK-2020-001", "RSK-2020-002"]
