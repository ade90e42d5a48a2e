"""The site as a browser renders it: headless Chromium, offline, on file:// URLs."""

from __future__ import annotations

import shutil
import subprocess

import lxml.html
import pytest

from cvld.web.write import site_files
from cvld.core.io import write_tree_atomic

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian package 'chromium')")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--window-size=1000,1400"]


def _chromium(tmp_path, *args: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def site_dir(lei_wu, tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser") / "site"
    write_tree_atomic(folder, site_files(lei_wu))
    return folder


@pytest.mark.parametrize("page", ["index.html", "papers/zhu2019anisotropic/index.html"])
def test_chromium_renders_titles_and_every_author(lei_wu, site_dir, tmp_path, page):
    url = (site_dir / page).as_uri()
    dom = lxml.html.document_fromstring(_chromium(tmp_path, "--dump-dom", url))
    work = lei_wu.work("zhu2019anisotropic")
    if page == "index.html":
        assert dom.xpath("string(//h1)") == "Lei Wu"
        entry = dom.xpath(f"//li[@id='{work.key}']")[0]
        assert entry.xpath("string(a[@class='title'])") == work.title
        assert len(dom.xpath("//ol[@class='works']/li")) == len(lei_wu.works)
    else:
        assert dom.xpath("string(//h1)") == work.title
        entry = dom.xpath("//p[@class='byline']")[0]
    names = [" ".join(a.text_content().split()) for a in entry.xpath(".//span[contains(concat(' ', @class, ' '), ' author ')]")]
    assert names == ["Zhanxing Zhu", "Jingfeng Wu", "Bing Yu", "Lei Wu", "Jinwen Ma"]
    [byline] = entry.xpath(".//span[@class='authors']")
    assert byline.text_content() == "Zhanxing Zhu*, Jingfeng Wu*, Bing Yu, Lei Wu, and Jinwen Ma"
    shot = tmp_path / (page.replace("/", "-") + ".png")
    _chromium(tmp_path, f"--screenshot={shot}", url)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000
