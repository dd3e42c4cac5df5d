"""``lithium-forecast forecast`` and ``benchmark tourism`` end to end on small files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecasting import cli
from forecasting.models.benchmark import load_tourism, published_results


def _write_series(path) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    df = pd.concat(
        pd.DataFrame(
            {
                "unique_id": uid,
                "ds": pd.date_range("2008", periods=12, freq="YE"),
                "y": 40 + np.cumsum(rng.normal(2, 3, 12)),
            }
        )
        for uid in ("qinghai_output_t_lce", "china_nev_sales_units")
    ).reset_index(drop=True)
    df.to_csv(path, index=False)
    return df


def test_forecast_command_writes_the_forecast_frame(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LITHIUM_FORECAST_CACHE", str(tmp_path / "cache"))
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    before = _write_series(src)
    code = cli.main(
        [
            "forecast",
            "--input",
            str(src),
            "--h",
            "3",
            "--models",
            "theta",
            "--seed",
            "4",
            "--n-paths",
            "200",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    fc = pd.read_csv(out, parse_dates=["ds"])
    assert fc.columns.tolist() == [
        "unique_id",
        "ds",
        "model",
        "mean",
        "lo_80",
        "hi_80",
        "lo_95",
        "hi_95",
    ]
    assert fc.groupby("unique_id").size().tolist() == [3, 3]
    pd.testing.assert_frame_equal(pd.read_csv(src, parse_dates=["ds"]), before)  # untouched
    again = tmp_path / "again.csv"
    cli.main(
        [
            "forecast",
            "--input",
            str(src),
            "--h",
            "3",
            "--models",
            "theta",
            "--seed",
            "4",
            "--n-paths",
            "200",
            "--out",
            str(again),
        ]
    )
    assert out.read_bytes() == again.read_bytes()


def test_forecast_command_reports_bad_input(tmp_path, capsys) -> None:
    src = tmp_path / "bad.csv"
    pd.DataFrame(
        {"unique_id": ["a"] * 4, "ds": ["2001", "2002", "2003", "2004"], "value": [1, 2, 3, 4]}
    ).to_csv(src, index=False)
    assert cli.main(["forecast", "--input", str(src), "--h", "2"]) == 2
    assert "lacks columns ['y']" in capsys.readouterr().err
    assert cli.main(["forecast", "--input", str(tmp_path / "missing.csv"), "--h", "2"]) == 2


def test_forecast_command_errors_warn_leaves_short_series_out(tmp_path, capsys) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    df = _write_series(src)
    sparse = pd.DataFrame(
        {"unique_id": "zangge_lithium_output_t_lce", "ds": ["2020-12-31", "2022-12-31"]}
    ).assign(y=[4229.88, 10537.0])
    pd.concat([df.assign(ds=df.ds.dt.strftime("%Y-%m-%d")), sparse]).to_csv(src, index=False)
    args = ["forecast", "--input", str(src), "--h", "2", "--n-paths", "50", "--out", str(out)]
    assert cli.main(args) == 2
    assert "'zangge_lithium_output_t_lce' has 2 observed values" in capsys.readouterr().err
    assert cli.main([*args, "--errors", "warn"]) == 0
    err = capsys.readouterr().err
    assert "left out zangge_lithium_output_t_lce: series" in err
    written = pd.read_csv(out)
    assert set(written.unique_id) == {"qinghai_output_t_lce", "china_nev_sales_units"}


def _tourism_folder(tmp_path):
    """Two yearly series in the competition layout (n, start year, values...)."""
    ins = pd.DataFrame({"Y1": [5, 2001, 10, 11, 12, 13, 14], "Y2": [4, 2003, 50, 40, 45, 41, None]})
    oos = pd.DataFrame({"Y1": [2, 2006, 15, 16], "Y2": [2, 2007, 40, 50]})
    ins.to_csv(tmp_path / "yearly_in.csv", index=False)
    oos.to_csv(tmp_path / "yearly_oos.csv", index=False)
    (tmp_path / "README.md").write_text(
        "| method | yearly | quarterly | monthly |\n|---|---|---|---|\n"
        "| Theta | 23.45 | 16.15 | 22.11 |\n\nMASE: yearly Naive 3.01, Theta 2.73; done.\n"
    )
    return tmp_path


def test_load_tourism_layout(tmp_path) -> None:
    train, test = load_tourism(_tourism_folder(tmp_path), "yearly")
    y2 = train[train.unique_id == "Y2"]
    assert y2.y.tolist() == [50, 40, 45, 41]
    assert y2.ds.dt.year.tolist() == [2003, 2004, 2005, 2006]
    assert test[test.unique_id == "Y2"].ds.dt.year.tolist() == [2007, 2008]
    pub = published_results(tmp_path)
    assert set(map(tuple, pub[["method", "metric"]].values)) == {
        ("Theta", "MAPE"),
        ("Naive", "MASE"),
        ("Theta", "MASE"),
    }


def test_benchmark_command_scores_naive_by_hand(tmp_path, capsys, monkeypatch) -> None:
    folder = _tourism_folder(tmp_path)
    import forecasting.models.benchmark as bench

    monkeypatch.setitem(bench.PROTOCOL, "yearly", ("YE", 2, 1))  # the toy test period is 2 long
    code = cli.main(
        ["benchmark", "tourism", "--data", str(folder), "--freq", "yearly", "--models", "naive"]
    )
    assert code == 0
    out = capsys.readouterr().out
    # naive: Y1 forecasts 14 for 15, 16; Y2 forecasts 41 for 40, 50
    mape = 100 * np.mean([1 / 15, 2 / 16, 1 / 40, 9 / 50])
    row = next(line for line in out.splitlines() if line.startswith("naive"))
    assert float(row.split()[1]) == pytest.approx(mape, abs=0.01)
    assert "pub Theta" in out and "23.45" in out


def _m1_folder(tmp_path):
    """A two-series M1-layout folder: row 1 = count, values from the top, NaN padding."""
    folder = tmp_path / "m1"
    folder.mkdir()
    pd.DataFrame({"Y1": [5, 10, 11, 12, 13, 14], "Y2": [4, 40, 42, 41, 44, np.nan]}).to_csv(
        folder / "yearly_in.csv", index=False
    )
    pd.DataFrame({"Y1": [2, 15, 16], "Y2": [2, 40, 50]}).to_csv(
        folder / "yearly_oos.csv", index=False
    )
    (folder / "README.md").write_text(
        "| method | yearly sMAPE / MAPE / MASE | quarterly | monthly |\n|---|---|---|---|\n"
        "| Naive | 22.43 / 21.07 / 4.893 | 18.38 / 18.93 / 1.952 | 19.22 / 22.40 / 1.468 |\n"
        "| Seasonal naive | (same as naive) | 18.94 / 20.36 / 2.078 | 17.30 / 18.91 / 1.314 |\n",
        encoding="utf-8",
    )
    return folder


def test_m1_loader_and_benchmark_command(tmp_path, capsys, monkeypatch) -> None:
    from forecasting.models.benchmark import load_m1, published_m1

    folder = _m1_folder(tmp_path)
    train, test = load_m1(folder, "yearly")
    assert train.groupby("unique_id").size().to_dict() == {"Y1": 5, "Y2": 4}
    # the test years follow each series' own training years on the nominal calendar
    assert test[test.unique_id == "Y2"].ds.dt.year.tolist() == [1905, 1906]
    pub = published_m1(folder)
    assert len(pub) == 15 and set(pub.metric) == {"sMAPE", "MAPE", "MASE"}
    import forecasting.models.benchmark as bench

    monkeypatch.setitem(bench.PROTOCOLS["m1"], "yearly", ("YE", 2, 1))
    code = cli.main(
        ["benchmark", "m1", "--data", str(folder), "--freq", "yearly", "--models", "naive"]
        + ["--prior", "tourism"]
    )
    assert code == 0
    out = capsys.readouterr().out
    # naive: Y1 forecasts 14 for 15, 16; Y2 forecasts 44 for 40, 50
    smape = np.mean([200 * 1 / 29, 200 * 2 / 30, 200 * 4 / 84, 200 * 6 / 94])
    row = next(line for line in out.splitlines() if line.startswith("naive"))
    assert float(row.split()[2]) == pytest.approx(smape, abs=0.01)
    assert "pub Naive" in out


def test_m1_loader_names_a_bad_column(tmp_path) -> None:
    from forecasting.errors import ModelError
    from forecasting.models.benchmark import load_m1

    folder = _m1_folder(tmp_path)
    pd.DataFrame({"Y1": [7, 1, 2], "Y2": [1, 3, 4]}).to_csv(folder / "yearly_in.csv", index=False)
    with pytest.raises(ModelError, match="Y1"):
        load_m1(folder, "yearly")
    with pytest.raises(ModelError, match="not found"):
        load_m1(tmp_path, "yearly")
