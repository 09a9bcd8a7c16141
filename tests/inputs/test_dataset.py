"""The default dataset: it loads, and the figures the article states are there, exactly, with a source."""

from pathlib import Path

import pytest

from reportgen.inputs.dataset import load_dataset

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "data" / "datapackage.yaml")


@pytest.mark.parametrize(
    ("table", "row", "column", "value"),
    [
        ("ai_services", "alibaba_quark", "mau", 150_000_000),
        ("ai_services", "bytedance_doubao", "mau", 100_000_000),
        ("ai_services", "deepseek", "mau", 77_000_000),
        ("ai_services", "baidu_ernie_bot", "mau", 13_000_000),
        ("ai_services", "moonshot_kimi", "mau", 25_000_000),
        ("ai_services", "kuaishou_kling", "mau", 22_000_000),
        ("big_tech_capex", "bytedance", "revenue", 155),
        ("big_tech_capex", "microsoft", "capex_share", 22.7),
        ("big_tech_capex", "meta", "capex_plan_2025", 72),
        ("big_tech_capex", "amazon", "capex", 75),
        ("stem_graduates", "cn_stem_all_degrees_2022", "value", 2_220_000),
        ("stem_graduates", "kr_stem_2022", "value", 230_000),
        ("ai_researchers", "cn_top2pct_researchers_share", "value", 26),
        ("ai_researchers", "openai_chinese_origin_share", "value", 18.8),
        ("data_scale", "cn_iot_devices", "value", 6_400_000_000),
        ("data_scale", "cn_data_volume_2025", "value", 49),
        ("research_output", "cn_ai_papers_2013_2023", "value", 557_000),
        ("research_output", "cn_ai_patents_2024", "value", 12_945),
        ("research_output", "us_ai_patents_2024", "value", 8_609),
        ("state_funds", "big_fund_1", "amount", 19.5),
        ("state_funds", "big_fund_2", "amount", 28.7),
        ("state_funds", "big_fund_3", "amount", 48.5),
        ("state_funds", "strategic_new_industry_fund_2023", "amount", 13),
        ("vc_rounds", "baichuan_ai", "amount", 0.691),
        ("api_prices", "bytedance", "price", 0.28),
        ("api_prices", "anthropic", "price", 15),
        ("market_structure", "cn_ai_companies_registered_2024", "value", 1_670_000),
        ("market_structure", "cn_ai_companies_new_2023", "value", 530_000),
        ("market_structure", "cn_ai_investment_top5_share", "value", 63),
        ("hefei_nio", "nio_stake_2020", "value", 24.1),
        ("hefei_nio", "hefei_nio_return_multiple", "value", 5.5),
        ("deepseek_v3", "v3_training_gpus", "value", 2048),
        ("deepseek_v3", "v3_training_gpu_hours", "value", 2_800_000),
        ("deepseek_v3", "v3_training_cost", "value", 5.5),
        ("drug_discovery", "trial_starts_share_china", "value", 24),
        ("agent_benchmarks", "manus_ai", "score", 86.5),
        ("agent_benchmarks", "openai_deep_research", "score", 67.36),
        ("ai_education", "cn_ai_colleges_2024", "value", 535),
        ("ai_education", "tsinghua_ai_phd_intake_2024", "value", 40),
    ],
)
def test_article_figures_are_in_the_data_exactly(dataset, table, row, column, value):
    cell = dataset.tables[table].by_id()[row]
    assert cell[column] == pytest.approx(value)
    assert cell["source"] in dataset.sources


def test_every_row_names_a_known_source_and_a_time(dataset):
    for table in dataset.tables.values():
        assert table.rows, table.name
        for row in table.rows:
            assert row.get("source") in dataset.sources, (table.name, row.get("id"))
            assert any(k in row for k in ("year", "date", "founded")), (table.name, "has no time column")


def test_every_footnote_of_the_article_is_a_source(dataset):
    footnotes = {s.footnote for s in dataset.sources.values() if s.footnote is not None}
    assert set(range(0, 35)) <= footnotes


def test_every_numeric_value_has_a_unit(dataset):
    for table in dataset.tables.values():
        numeric = [f.name for f in table.fields if f.type in ("number", "integer") and not f.name.endswith(("order", "position"))]
        for row in table.rows:
            for column in numeric:
                if row[column] is not None and column not in ("table_order", "layer_order", "phase"):
                    assert table.unit_of(row, column), (table.name, row["id"], column)


def test_capex_share_is_checked_against_capex_over_revenue(dataset, tmp_path):
    import shutil

    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "big_tech_capex.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",10.7,11.6,", ",10.7,15.6,"), encoding="utf-8")
    from reportgen.errors import ReportgenError

    with pytest.raises(ReportgenError, match=r"big_tech_capex.csv: row 4, column capex_share: is 15.6 but capex / revenue \* 100 = 11.63"):
        load_dataset(tmp_path / "data" / "datapackage.yaml")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_qualifier_a_table_may_hold_reads_in_each_language(lang):
    from reportgen.inputs.qualifiers import QUALIFIERS
    from reportgen.wording.formats import qualified

    readings = {qualified("{}", q, lang) for q in QUALIFIERS}
    assert len(readings) == len(QUALIFIERS) and "{}" not in readings


def test_the_descriptor_allows_exactly_the_known_qualifiers():
    import yaml

    from reportgen.inputs.qualifiers import QUALIFIERS

    doc = yaml.safe_load((ROOT / "data" / "datapackage.yaml").read_text(encoding="utf-8"))
    allowed = [f["constraints"]["enum"] for r in doc["resources"] for f in r["schema"]["fields"] if f["name"] == "qualifier"]
    assert allowed and all(sorted(a) == sorted(QUALIFIERS) for a in allowed)
