"""A help center on disk, as the commands open it: its mkdocs.yml, the plugin's options and
what the content is checked against. One place, so every command says the same thing when
mkdocs.yml is missing or wrong."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from helpcenter.config import HelpCenterConfig
from helpcenter.content import ContentSettings

F = TypeVar("F", bound=Callable[..., Any])


def config_file_option(help_text: str = "The help center's mkdocs.yml.") -> Callable[[F], F]:
    """The `-f/--config-file` option every command that reads a help center takes."""
    return click.option(
        "-f",
        "--config-file",
        "config_file",
        type=click.Path(dir_okay=False),
        default="mkdocs.yml",
        show_default=True,
        help=help_text,
    )


class ProjectError(Exception):
    """A one-line message for the person running the command."""


@dataclass
class Project:
    config: MkDocsConfig
    options: HelpCenterConfig
    settings: ContentSettings


def read_mkdocs_config(path: Path) -> MkDocsConfig:
    """mkdocs.yml, validated by MkDocs, with MkDocs' own log kept quiet."""
    if not path.is_file():
        raise ProjectError(f"{path}: no such file — run this in the help center's folder or pass -f")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        return load_config(str(path))
    except ConfigurationError as exc:
        raise ProjectError(f"{path}: {exc}") from None


def open_project(path: Path) -> Project:
    """The help center whose mkdocs.yml is `path`; it must use the helpcenter plugin."""
    from helpcenter.plugin import HelpCenterPlugin, content_settings, site_languages

    config = read_mkdocs_config(path)
    plugin = config.plugins.get("helpcenter")
    if not isinstance(plugin, HelpCenterPlugin):
        raise ProjectError(f"{path}: the helpcenter plugin is not listed under 'plugins:'")
    languages, default, _ = site_languages(config)
    return Project(config, plugin.config, content_settings(config, plugin.config, languages, default))
