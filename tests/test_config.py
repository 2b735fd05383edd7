"""relgraph.toml loading, validation and ``relgraph config show``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import main
from relgraph.config import RelgraphConfig, load_config, parse_config, show_config, to_toml
from relgraph.errors import ConfigError
from relgraph.settings import DEFAULT_CHANNEL_WEIGHTS

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "relgraph.toml"


def test_defaults_without_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RELGRAPH_CONFIG", raising=False)
    cfg, source = load_config()
    assert source is None
    assert cfg.analysis.window_days == 90.0 and cfg.analysis.half_life_days == 30.0
    assert cfg.analysis.channel_weights == DEFAULT_CHANNEL_WEIGHTS
    assert cfg.audit.fail_on == "high"
    assert cfg.analysis.csuite_levels == ["executive"]


def test_partial_file_overrides_only_what_it_says(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "relgraph.toml").write_text(
        '[analysis]\nhalf_life_days = 14\n[analysis.channel_weights]\nmeeting = 4.0\n'
        '[audit]\nsilo_ei = -0.4\nfail_on = "medium"\n'
        '[leadership]\ncsuite_people = ["vp-sales"]\n'
    )
    cfg, source = load_config()
    assert source == Path("relgraph.toml")
    assert cfg.analysis.half_life_days == 14.0 and cfg.analysis.window_days == 90.0
    # a partial [analysis.channel_weights] table adjusts the defaults (documented)
    assert cfg.analysis.channel_weights == {**DEFAULT_CHANNEL_WEIGHTS, "meeting": 4.0}
    assert cfg.audit.silo_ei == -0.4 and cfg.audit.fail_on == "medium"
    assert cfg.audit.executive_score == 0.5
    assert cfg.is_csuite("vp-sales", "director", "business")
    assert not cfg.is_csuite("dir", "director", "business")
    assert cfg.is_it_leader("d", "director", "it") and not cfg.is_it_leader("d", "director", "business")


def test_env_and_explicit_path(tmp_path, monkeypatch):
    p = tmp_path / "other.toml"
    p.write_text("[audit]\nbroker_max = 2\n")
    monkeypatch.setenv("RELGRAPH_CONFIG", str(p))
    assert load_config()[0].audit.broker_max == 2
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[audit]\nsilo_eii = -0.5\n", "audit.silo_eii: unknown key"),
        ("[audit]\nfail_on = 'sometimes'\n", "audit.fail_on"),
        ("[analysis]\nhalf_life_days = 0\n", "analysis.half_life_days"),
        ("[audit]\nsilo_ei = -2\n", "audit.silo_ei"),
        ("[nonsense]\nx = 1\n", "nonsense: unknown key"),
        ("[audit\n", "invalid TOML"),
    ],
)
def test_invalid_files_name_the_problem(text, message):
    with pytest.raises(ConfigError, match=message.replace(".", r"\.")):
        parse_config(text)


def test_to_toml_round_trips_every_key():
    cfg = RelgraphConfig.model_validate({"audit": {"isolated_levels": ["director"],
                                                   "pseudonym_salt": 'a"b'}})
    text = to_toml(cfg)
    # every key round-trips except the secret salt, which is never printed
    assert 'a"b' not in text and "pseudonym_salt = (set, hidden)" in text
    back = parse_config(text)
    assert back.audit.pseudonym_salt == ""
    assert back.model_copy(update={"audit": cfg.audit}) == cfg
    assert parse_config(to_toml(RelgraphConfig(), comments=False)) == RelgraphConfig()


def test_config_validation_rejects_typos():
    for text, msg in [
        ("[analysis.channel_weights]\nmeetings = 10\n", "unknown channel 'meetings'"),
        ("[analysis.channel_weights]\nemail = -5\n", "must be from 0 to 1000"),
        ('[analysis]\ncsuite_levels = ["exec"]\n', "unknown level 'exec'"),
        ('[audit]\nisolated_levels = ["boss"]\n', "unknown level 'boss'"),
    ]:
        with pytest.raises(ConfigError) as exc:
            parse_config(text)
        assert msg in str(exc.value)


def test_sample_file_is_the_documented_defaults():
    """samples/relgraph.toml documents the defaults: loading it gives RelgraphConfig()."""
    cfg, _ = load_config(SAMPLE)
    assert cfg == RelgraphConfig()


def test_config_show_cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RELGRAPH_CONFIG", raising=False)
    r = CliRunner().invoke(main, ["config", "show"])
    assert r.exit_code == 0, r.output
    assert "built-in defaults" in r.output
    assert parse_config(r.output) == RelgraphConfig()
    for key in ("window_days", "half_life_days", "meeting", "fail_on", "silo_ei",
                "csuite_levels", "it_leader_levels", "csuite_people", "min_group_size"):
        assert key in r.output
    assert show_config() == r.output
    (tmp_path / "bad.toml").write_text("[audit]\nnope = 1\n")
    bad = CliRunner().invoke(main, ["config", "show", "--config", "bad.toml"])
    assert bad.exit_code == 2 and "audit.nope: unknown key" in bad.output


def test_retired_analysis_keys_are_ignored_with_a_notice(tmp_path, monkeypatch):
    # relgraph 0.1's sampling settings: an old relgraph.toml still loads (not exit 2)
    text = "[analysis]\napprox_above_nodes = 10000\napprox_delta = 0.1\nwindow_days = 60\n"
    cfg = parse_config(text, "old.toml")
    assert cfg.analysis.window_days == 60 and cfg.analysis == RelgraphConfig(
        analysis={"window_days": 60}).analysis
    assert len(cfg.notices) == 2
    assert cfg.notices[0].startswith("old.toml: [analysis] approx_above_nodes is retired")
    assert "notices" not in to_toml(cfg)
    with pytest.raises(ConfigError, match="notices: unknown key"):
        parse_config('notices = ["x"]\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RELGRAPH_CONFIG", raising=False)
    (tmp_path / "old.toml").write_text(text)
    r = CliRunner().invoke(main, ["config", "show", "--config", "old.toml"])
    assert r.exit_code == 0
    assert "# note: old.toml: [analysis] approx_delta is retired and ignored" in r.output
    assert parse_config(r.output).analysis.window_days == 60  # still valid TOML

