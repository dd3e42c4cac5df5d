"""Monthly averages of GFEX lithium carbonate futures from the restricted daily record.

Only monthly averages leave this script (restricted/README.md allows them with the exchange
named and the averaging stated); the daily rows are never written to datasets/.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

DAILY = Path("restricted") / "gfex_lithium_carbonate_futures_daily_close.csv"
SOURCE_ID = "GFEX_LC_FUTURES_MONTHLY"


def most_active(daily: pd.DataFrame) -> pd.DataFrame:
    """One row per trade_date: the contract with the highest open interest (ties: the nearer
    contract); rows whose note flags open interest as implausible are left out."""
    flagged = daily["note"].fillna("").str.contains("implausible")
    ok = daily.loc[~flagged].copy()
    ok["oi"] = ok["open_interest_lots"].astype(float)
    ok = ok.sort_values(["trade_date", "oi", "contract"], ascending=[True, False, True])
    return ok.drop_duplicates("trade_date", keep="first").reset_index(drop=True)


def _weekday_bounds(month: pd.Period) -> tuple[pd.Timestamp, pd.Timestamp]:
    days = pd.bdate_range(month.start_time, month.end_time.normalize())
    return days[0], days[-1]


def incomplete(month: pd.Period, dates: pd.Series, record: tuple[pd.Timestamp, ...]) -> bool:
    """Whether the record looks incomplete for ``month`` (the exchange holiday calendar is not
    applied): first trade > 9 days after the first weekday, last trade > 5 days before the
    last weekday, a gap of more than 12 days between trades (holidays last <= 11 days), or the
    month where the whole record (``record`` = first, last date) starts or ends mid-month."""
    lo, hi = _weekday_bounds(month)
    ordered = dates.sort_values()
    gaps = ordered.diff().dt.days.fillna(0)
    first, last = ordered.iloc[0], ordered.iloc[-1]
    return bool(
        (first - lo).days > 9
        or (hi - last).days > 5
        or (gaps > 12).any()
        or (first == record[0] and first > lo)
        or (last == record[1] and last < hi)
    )


def monthly_means(main: pd.DataFrame) -> pd.DataFrame:
    """Mean/min/max of the most-active closes per month, trading days, contracts, partial flag."""
    dates = pd.to_datetime(main["trade_date"])
    close = main["close_cny_per_t"].astype(float)
    rows = []
    record = (dates.min(), dates.max())
    for period, idx in main.groupby(dates.dt.to_period("M")).groups.items():
        rows.append(
            {
                "month": str(period),
                "close_mean_cny_per_t": repr(float(close[idx].mean())),
                "close_min_cny_per_t": repr(float(close[idx].min())),
                "close_max_cny_per_t": repr(float(close[idx].max())),
                "n_trading_days": str(len(idx)),
                "main_contracts": ";".join(dict.fromkeys(main.loc[idx, "contract"])),
                "partial_month": "true" if incomplete(period, dates[idx], record) else "false",
                "source_id": SOURCE_ID,
                "published_date": period.end_time.normalize().strftime("%Y-%m-%d"),
            }
        )
    return pd.DataFrame(rows)


def build_gfex_monthly(shared: Path, corr: dict, sources: pd.DataFrame) -> pd.DataFrame:
    daily = pd.read_csv(shared / DAILY, dtype=str, keep_default_na=False)
    daily = daily.astype(object).where(daily != "", None)
    return monthly_means(most_active(daily))
