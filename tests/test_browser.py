"""The site as a browser renders it: headless Chromium, offline, on file:// URLs."""

from __future__ import annotations

import subprocess

import lxml.html
import pytest

from browser import chromium, needs_chromium, run_chromium
from cvld.web.write import site_files
from cvld.core.io import write_tree_atomic

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def site_dir(lei_wu, tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser") / "site"
    write_tree_atomic(folder, site_files(lei_wu))
    return folder


@pytest.mark.parametrize("page", ["index.html", "papers/zhu2019anisotropic/index.html"])
def test_chromium_renders_titles_and_every_author(lei_wu, site_dir, tmp_path, page):
    url = (site_dir / page).as_uri()
    dom = lxml.html.document_fromstring(chromium(tmp_path, "--dump-dom", url))
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
    chromium(tmp_path, f"--screenshot={shot}", url)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000


def _console(done: subprocess.CompletedProcess) -> list[str]:
    """What the page wrote to the console (chromium logs it with --enable-logging=stderr)."""
    return [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


# prefers-color-scheme: light (default) and dark (blink's preferredColorScheme 0), and print media
SCHEMES = {"light": [], "dark": ["--blink-settings=preferredColorScheme=0"]}
BACKGROUND = {"light": (255, 255, 255), "dark": (23, 24, 26)}  # style.css: --paper


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@pytest.mark.parametrize("page", ["index.html", "papers/zhu2019anisotropic/index.html"])
def test_light_dark_and_print_render_without_console_messages(site_dir, tmp_path, page, scheme):
    from PIL import Image

    url = (site_dir / page).as_uri()
    shot = tmp_path / "shot.png"
    done = run_chromium(tmp_path, "--enable-logging=stderr", "--v=0", *SCHEMES[scheme], f"--screenshot={shot}", url)
    assert _console(done) == []
    with Image.open(shot) as image:
        rgb = image.convert("RGB")
        assert rgb.getpixel((3, 3)) == BACKGROUND[scheme]
        assert rgb.getpixel((rgb.width - 3, rgb.height - 3)) == BACKGROUND[scheme]
        # text in the ink colour of the scheme: dark text on light, light text on dark
        extrema = rgb.crop((0, 0, rgb.width, 200)).getextrema()  # (low, high) of each of R, G, B
        if scheme == "light":
            assert max(low for low, _ in extrema) < 60
        else:
            assert min(high for _, high in extrema) > 200
    pdf = tmp_path / "page.pdf"
    done = run_chromium(tmp_path, "--enable-logging=stderr", "--v=0", *SCHEMES[scheme],
                         "--no-pdf-header-footer", f"--print-to-pdf={pdf}", url)
    assert _console(done) == []
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 5_000


def test_paper_links_open_the_page_from_disk(lei_wu, site_dir, tmp_path):
    """From file:// a link to a folder shows its listing: every link names index.html."""
    index = lxml.html.document_fromstring((site_dir / "index.html").read_text(encoding="utf-8"))
    for href in index.xpath("//a[@class='title']/@href"):
        assert (site_dir / href).is_file(), href
    url = (site_dir / "papers/zhu2019anisotropic/index.html").as_uri()
    dom = lxml.html.document_fromstring(chromium(tmp_path, "--dump-dom", url))
    home = dom.xpath("//nav/a/@href")[0]
    assert (site_dir / "papers/zhu2019anisotropic" / home).resolve() == (site_dir / "index.html").resolve()
