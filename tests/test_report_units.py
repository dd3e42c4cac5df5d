"""Report building blocks on tiny inline frames: tables, revisions, front page, CSV writing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecasting.errors import ReportError
from forecasting.reports import cache, frontpage, nbtools, outlook, render, revisions, views
from forecasting.reports.compute import RunSpec

SPEC = RunSpec(quarter="2026Q4", as_of="2026-12-31")


def _registry() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "target_id": ["out_2025", "out_2015"],
            "geography": ["Qinghai", "Qinghai"],
            "metric": ["output", "output"],
            "value": [100.0, 50.0],
            "unit": ["t_lce_per_year", "t_lce_per_year"],
            "target_year": [2025, 2015],
        }
    )


def test_top_down_target_rows_use_the_paths_and_skip_targets_outside_them() -> None:
    years = np.array([2024, 2025, 2026])
    arr = np.array([[90, 110, 120], [80, 95, 105], [70, 80, 90], [100, 100, 100.0]])
    rows, curves = views._target_rows(
        SPEC, "qinghai_output_t_lce", years, arr, _registry(), {"out_2025": "Plan"}
    )
    assert [r["target_id"] for r in rows] == ["out_2025"]  # 2015 is before the paths
    row = rows[0]
    assert row["p_reached_by_year"] == pytest.approx(0.5)  # paths 0 (2025) and 3 (2024)
    assert row["p_met_in_year"] == pytest.approx(0.5)
    assert row["unit"] == "t LCE/yr" and row["document"] == "Plan"
    assert list(curves[0]["p_reached_by_year"]) == pytest.approx([0.25, 0.5, 0.75])


def test_quantile_frame_orders_the_bands() -> None:
    rng = np.random.default_rng(3)
    arr = rng.normal(100, 10, (500, 4))
    q = views._quantile_frame(SPEC, "qinghai_output_t_lce", np.arange(2026, 2030), arr)
    assert (q["lo_95"] < q["lo_80"]).all() and (q["lo_80"] < q["median"]).all()
    assert (q["median"] < q["hi_80"]).all() and (q["hi_80"] < q["hi_95"]).all()
    assert set(q["metric"]) == {"output"} and set(q["unit"]) == {"t LCE/yr"}


def test_unit_of_reads_the_unit_from_the_name() -> None:
    assert views.unit_of("qinghai_capacity_t_lce") == "t LCE/yr"
    assert views.unit_of("qinghai_output_value_bn_cny") == "bn CNY"
    with pytest.raises(ReportError, match="unit"):
        views.unit_of("mystery_series")


def test_display_document_keeps_chinese_titles_and_names_the_issuer() -> None:
    both = "青海规划 (Qinghai Plan)"
    assert views.display_document(both, "Gov") == both
    assert views.display_document("青海规划", "Gov") == "青海规划 (Gov)"
    assert views.display_document("“十三五”规划", "") == "“十三五”规划"
    assert views.display_document("Plain title", "Gov") == "Plain title"
    assert views.display_document(float("nan"), "Gov") == "Gov"
    html_text = nbtools.table_html(pd.DataFrame({"document": ["中国工业报 via mirror"]}))
    assert "中国工业报 via mirror" in html_text


def _targets(median: float = 150.0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "view": ["headline", "headline"],
            "target_id": ["a", "b"],
            "metric": ["capacity", "capacity"],
            "target_value": [170.0, 170.0],
            "unit": ["t LCE/yr", "t LCE/yr"],
            "target_year": [2025, 2025],
            "document": ["Doc A", "Doc B"],
            "median": [median, median],
            "lo_80": [120.0, 120.0],
            "hi_80": [180.0, 180.0],
            "p_met_in_year": [0.3, 0.3],
            "p_reached_by_year": [0.3, 0.3],
            "most_likely_first_year": ["2027", "2027"],
        }
    )


def test_revision_split_adds_up_and_attributes_each_part() -> None:
    forecasts = pd.DataFrame(columns=["view", "year", "series", "metric", "unit", "median"])
    new = revisions.key_outputs(forecasts, _targets(150.0))
    prev = revisions.key_outputs(forecasts, _targets(100.0))
    data_run = revisions.key_outputs(forecasts, _targets(140.0))  # old as_of
    assumption_run = revisions.key_outputs(forecasts, _targets(125.0))  # old scenario
    table = revisions._split(new, prev, data_run, assumption_run).set_index("key")
    row = table.loc["a:median"]
    assert row["revision"] == 50 and row["data_part"] == 10 and row["assumption_part"] == 25
    assert row["model_part"] == 15
    assert table.loc["a:p_met", "revision"] == 0


def test_front_page_groups_targets_of_a_year_and_shows_last_quarter() -> None:
    forecasts = pd.DataFrame(columns=["view", "year", "series", "metric", "unit", "median"])
    rev = revisions._split(
        revisions.key_outputs(forecasts, _targets(150.0)),
        revisions.key_outputs(forecasts, _targets(100.0)),
        revisions.key_outputs(forecasts, _targets(100.0)),
        None,
    )
    rows = outlook.verdict_rows(_targets(150.0).assign(status="forecast"), rev)
    assert len(rows) == 1
    assert rows[0]["document"] == "Doc A; Doc B"
    assert rows[0]["target"] == "capacity 0.170 kt LCE/yr by 2025"  # one unit for every value
    assert rows[0]["evidence"].startswith("model 0.150 (0.120-0.180) kt LCE/yr")
    assert rows[0]["p_met"] == "30%" and rows[0]["previous"] == "30%"
    lines = frontpage.revision_lines(rev, {"previous_label": "published 2026Q3"}, 2)
    assert lines[0] == "Compared with: published 2026Q3."
    assert "median capacity 2025: 100 -> 150 (t LCE/yr), mostly data." in lines
    assert lines[-1].startswith("2 project record(s)") and 3 <= len(lines) <= 5


def test_significant_figures_and_bands() -> None:
    assert outlook.sig(152431) == "152,000" and outlook.sig(19.43) == "19.4"
    assert outlook.sig(0.04213) == "0.0421" and outlook.sig(float("nan")) == "n/a"
    assert outlook.band(172430, 135000, 202431, 1e3) == "172 (135-202)"
    assert outlook.pct(0.004) == "<1%" and outlook.pct(0.236) == "24%" and outlook.pct(0) == "0%"


def test_scope_notes_become_footnotes_shared_by_the_model_part() -> None:
    t = pd.concat(
        [
            _targets(),
            _targets().assign(target_id=["c", "d"], target_year=2030),
            _targets().assign(target_id=["e", "f"], target_year=2035),
        ]
    )
    t["scope_note"] = [
        "model covers carbonate; target covers province",
        "model covers carbonate; target covers province",
        "model covers carbonate; target covers capacity",
        "",
        "model covers cells",
        float("nan"),
    ]
    rows = outlook.verdict_rows(t.assign(status="forecast"), pd.DataFrame())
    assert [r["target"][-3:] for r in rows] == ["[1]", "[1]", "[2]"]
    notes = frontpage.scope_notes_html(t)
    assert "[1] model covers carbonate<" in notes and "[2] model covers cells<" in notes
    assert frontpage.scope_notes_html(_targets()) == ""


def test_scope_note_reaches_top_down_rows_by_target_id() -> None:
    from forecasting.reports.compute import with_scope_notes

    t = pd.DataFrame({"target_id": ["a", "a", "b"], "view": ["bottom_up", "top_down", "bottom_up"]})
    out = with_scope_notes(t.assign(scope_note=["potash included", None, None]))
    assert list(out["scope_note"]) == ["potash included", "potash included", ""]
    assert list(with_scope_notes(t)["scope_note"]) == ["", "", ""]


def test_html_tables_right_align_only_numbers() -> None:
    out = nbtools.table_html(pd.DataFrame({"name": ["x"], "v": [1.5]}), formats={"v": "1dp"})
    assert '<td class="num">1.5</td>' in out and "<td>x</td>" in out
    row = render.html_table([{"a": "t", "b": "3"}], [("a", "A"), ("b", "B")], numeric=["b"])
    assert '<td class="num">3</td>' in row and "<td>t</td>" in row


def test_report_layout_front_alone_appendix_marked_no_other_forced_breaks() -> None:
    doc = render.assemble_report_html("T", "F", [("s1", "A"), ("s2", "B"), ("s3", "C")], "M", 2)
    assert doc.count('class="appendix-start"') == 1
    assert doc.index('id="s2"') < doc.index('<div class="appendix-start"') < doc.index('id="s3"')
    assert "page-break-before: always" not in render.STYLESHEET
    assert ".front { break-after: page" in render.STYLESHEET
    assert ".appendix-start { break-after" not in render.STYLESHEET  # flows: no empty pages


def test_write_csv_is_sorted_fixed_format_and_repeatable(tmp_path) -> None:
    frame = pd.DataFrame({"year": [2026, 2025], "y": [1 / 3, 2.0]})
    a = cache.write_csv(frame, tmp_path / "a.csv", sort_by=["year"])
    b = cache.write_csv(frame.sample(frac=1, random_state=1), tmp_path / "b.csv", ["year"])
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    assert a.read_text(encoding="utf-8-sig") == "year,y\n2025,2.000000\n2026,0.333333\n"


def test_csv_years_are_whole_numbers_and_chinese_survives(tmp_path) -> None:
    frame = pd.DataFrame(
        {"target_year": [2030.0, float("nan")], "doc": ["青海规划", "x"], "v": [1.5, 2.0]}
    )
    path = cache.write_csv(frame, tmp_path / "t.csv")
    assert path.read_text(encoding="utf-8-sig") == (
        "target_year,doc,v\n2030,青海规划,1.500000\n,x,2.000000\n"
    )
    back = cache.read_csv(path)
    assert list(back.columns) == ["target_year", "doc", "v"] and back["doc"][0] == "青海规划"


def test_table_html_formats_escapes_and_names_missing_columns() -> None:
    frame = pd.DataFrame({"name": ["<b>x</b>"], "p": [0.456], "v": [12345.6], "yr": [2024.0]})
    out = nbtools.table_html(frame, formats={"p": "pct", "v": "int", "yr": "year"})
    assert "&lt;b&gt;x&lt;/b&gt;" in out and "46%" in out and "12,346" in out and ">2024<" in out
    with pytest.raises(ReportError, match="missing_col"):
        nbtools.table_html(frame, columns={"missing_col": "M"})


def test_cjk_font_hint_only_when_chinese_text_meets_no_chinese_font(tmp_path, monkeypatch) -> None:
    assert render.cjk_font_missing("plain English title") is None
    fake = tmp_path / "fc-list"
    fake.write_text("#!/bin/sh\nexit 0\n")  # fontconfig that knows no Chinese font
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    hint = render.cjk_font_missing("关于促进青海省锂电产业")
    assert hint is not None and "fonts-noto-cjk" in hint
    fake.write_text("#!/bin/sh\necho 'Noto Sans CJK SC'\n")
    assert render.cjk_font_missing("关于促进青海省锂电产业") is None


def test_pipeline_changes_name_the_projects_a_later_data_cut_adds() -> None:
    later = revisions.pipeline_changes("2020-06-30", "2020-09-30")
    assert "qh_lanke_bg_20kt" in set(later["project_id"])
    row = later.set_index("project_id").loc["qh_lanke_bg_20kt"]
    assert row["change"].startswith("first reported") and row["include_in_pipeline"]
    assert revisions.pipeline_changes("2020-09-30", "2020-09-30").empty
    earlier = revisions.pipeline_changes("2020-09-30", "2020-06-30")
    assert set(earlier["change"]) == {"no longer listed"}


def test_pipeline_changes_section_lists_changes_or_says_none(tmp_path) -> None:
    (tmp_path / "tables").mkdir()
    meta = {"previous_as_of": "2020-06-30"}
    changes = revisions.pipeline_changes("2020-06-30", "2020-09-30")
    cache.write_csv(changes, tmp_path / "tables" / "pipeline_changes.csv")
    out = frontpage.pipeline_changes_html(tmp_path, meta)
    assert "qh_lanke_bg_20kt" in out and "first reported" in out and "20,000" in out
    cache.write_csv(changes[:0], tmp_path / "tables" / "pipeline_changes.csv")
    assert "No project record" in frontpage.pipeline_changes_html(tmp_path, meta)


def test_jinja_templates_escape_values_and_keep_built_html() -> None:
    """render.py builds the document and small tables from Jinja2 templates: text values are
    escaped, the HTML fragments (front page, notebook bodies) pass through untouched."""
    table = render.html_table([{"a": "<script>x</script> & 青海", "b": 3}], [("a", "A<")])
    assert "&lt;script&gt;x&lt;/script&gt; &amp; 青海" in table and "<th>A&lt;</th>" in table
    doc = render.assemble_report_html(
        "Outlook <2026Q4>", "<p class='k'>front</p>", [("s1", "<h2>One</h2>")], "<i>m</i>", 1
    )
    assert "<title>Outlook &lt;2026Q4&gt;</title>" in doc
    assert "<div class=\"front\"><p class='k'>front</p></div>" in doc
    assert '<div class="section" id="s1"><h2>One</h2></div>' in doc and "<i>m</i>" in doc
    assert doc.count('class="appendix-start"') == 1 and doc.endswith("</body></html>\n")
