"""The registry of raw inputs: where each comes from, its sha256, its citation, and the checksum policy.

Every input has one :class:`Source` row here, so ``etl fetch``, the build and the manifest agree on provenance.
A file whose sha256 differs from its registered one is refused (:func:`verify_checksums`) unless the builder
accepts that change explicitly (``--accept-changed FILE``); the content checks in the readers and in
:mod:`etl.checks` run either way.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from etl.errors import InputError

NPR_REPO = "https://raw.githubusercontent.com/nprapps/sanctuary-cities"
NPR_CITATION = (
    "ICE detainer records released under FOIA (all detainers issued to local law enforcement, 2007-10-01 to "
    "2015-07-19), as counted and published by NPR, nprapps/sanctuary-cities (public domain per the repository)"
)


@dataclass(frozen=True)
class Source:
    """One raw input: path relative to the data directory, public address, checksum and citation.

    ``records`` (data rows), ``known_duplicates`` (exact duplicate data rows) and ``totals`` (column -> sum of the
    rows a reader checks) are the registered file's control facts, checked by the readers of the detainer files
    whatever the checksum; ``None`` = not used.
    """

    key: str
    path: str
    url: str | None
    sha256: str
    citation: str
    records: int | None = None
    known_duplicates: int | None = None
    totals: tuple[tuple[str, int], ...] | None = None


SOURCES: dict[str, Source] = {
    s.key: s
    for s in [
        Source(
            "activations",
            "raw/vargasnunez2026_securecommunities.dta",
            "https://raw.githubusercontent.com/asadlasad/vargasnunezetal_2026_pnas/"
            "6b917c51caa43a9b8a17bcb39e5b15db5a6afef5/securecommunities.dta",
            "f553a74507b311995fc7b3c4a5a3b407f347bb0ba38db25ce270d70d65b39940",
            "Vargas-Núñez, Bhatt, Seif, Mendoza, Laitin & Asad, 'Reconsideration of Secure Communities Rollout "
            "Reveals Preemptive Local-Federal Cooperation in Immigration Enforcement', PNAS 2026, replication "
            "file securecommunities.dta (dates after Alsan & Yang 2018, updated by Asad & Baer-Bositis 2025, "
            "from ICE's 'Secure Communities: Activated Jurisdictions' list)",
        ),
        Source(
            "activations_second",
            "raw/hadah_activation_dates_makayla_revisedforbalance.dta",
            "https://raw.githubusercontent.com/hhadah/immigration-enforcement-project/"
            "e9267eb6e79ea92d4dec90475e6b75a93800344c/data/raw/activation_dates_makayla_revisedforbalance.dta",
            "cae8746b0a182e120d1433cb35068c64dede7ef0de54be2ff2d002c44c90817b",
            "Hadah, immigration-enforcement-project, activation_dates_makayla_revisedforbalance.dta "
            "(an independent month-precision transcription of ICE's SC activation list)",
        ),
        Source(
            "census_2000_2010",
            "raw/cfpbhmda_co-est00int-tot.csv",
            "https://raw.githubusercontent.com/cfpb/hmda-platform/fac7cd14757043daeb6b5ac587e371753d868096/"
            "tract-to-cbsa/src/main/resources/2000-2010_pop_estimates.csv",
            "273e56203b61c2ccfb05a54c9b2b025b0521e3764b175469ca22bcad4b6ae8f6",
            "U.S. Census Bureau, Intercensal Estimates of the Resident Population for Counties, 2000-2010 "
            "(CO-EST00INT-TOT), as committed in cfpb/hmda-platform",
        ),
        Source(
            "estimates_v2019",
            "raw/meredithb3_co-est2019-alldata.csv",
            "https://raw.githubusercontent.com/meredithb3/Covid-Data-Challenge/"
            "9f9df18036eca73d5b092f7a757e2e6ac21ae5f1/co-est2019-alldata.csv",
            "654032fbb805bc9a7c124ba04ad47e170f5d9dc9d4974a73edfc20598fde77d8",
            "U.S. Census Bureau, Population Estimates Program, Vintage 2019 county totals (co-est2019-alldata), "
            "as committed in meredithb3/Covid-Data-Challenge",
        ),
        Source(
            "noncitizens",
            "raw/vargasnunez2026_non_citizen_pop.csv",
            "https://raw.githubusercontent.com/asadlasad/vargasnunezetal_2026_pnas/"
            "6b917c51caa43a9b8a17bcb39e5b15db5a6afef5/non_citizen_pop.csv",
            "76db392d8a5c4f7dc221ded4616ee3eae12555df3fcc5affec3180fbb6ff45e5",
            "U.S. Census Bureau, American Community Survey 5-year estimates, table B05001_006 "
            "('Not a U.S. citizen'), county level, with 90% margins of error; pulled with tidycensus by "
            "Vargas-Núñez et al. (PNAS 2026 replication file non_citizen_pop.csv)",
        ),
        Source(
            "published_figures",
            "published_figures.csv",
            None,
            "",
            "Counts published by ICE, GAO and the press, compiled for this project with each figure's source "
            "address (see the source_url column)",
        ),
        Source(
            "detainers_monthly",
            "raw/npr2016_detainers_by_month.csv",
            f"{NPR_REPO}/f80c438e8aa5f3254a2abe1290c7e32fccec5834/export/detainers_by_year_and_month.csv",
            "74d8bb240f440f3c2a82e7f992562e4aea4d02d274baf2aea9de29fdfb033164",
            f"{NPR_CITATION}: detainers per calendar month, whole US (export/detainers_by_year_and_month.csv)",
            records=94,
            known_duplicates=0,
            totals=(("count", 1_814_828),),
        ),
        Source(
            "detainers_us_citizen",
            "raw/npr2016_detainers_us_citizen.csv",
            f"{NPR_REPO}/8382ee3b515f830b4575d723af48186bbe407ac8/export/americans.csv",
            "3547f45dd5b574b646d3e6293098803f1a09028a01544cbbc3f0cfbe7b310c09",
            f"{NPR_CITATION}: detainers lifted with reason 'United States Citizen Interviewed' (export/americans.csv)",
            records=693,
            known_duplicates=18,
        ),
        Source(
            "detainers_not_deportable",
            "raw/npr2016_detainers_not_deportable.csv",
            f"{NPR_REPO}/8382ee3b515f830b4575d723af48186bbe407ac8/export/residents.csv",
            "0e7129616ae80c0b5fa610ee3bd49aafd8d36ec92877f09a590cbec3c1618549",
            f"{NPR_CITATION}: detainers lifted with reason 'Alien Not Subject to Deportation' (export/residents.csv)",
            records=1846,
            known_duplicates=51,
        ),
        Source(
            "detainers_pa",
            "raw/eads_pa_detainers.csv",
            "https://raw.githubusercontent.com/eads/geocode-pa-detainers/"
            "ecc87ce3bda4eb3d7bc5cfa9cb943eb319d405d2/pa_detainers.csv",
            "50e4f3e3d94ff600d36e9d68817ece298713cf751c4d080145935fceae73f525",
            "ICE detainer records released under FOIA, Pennsylvania subset (every detainer, 2007-10-02 to "
            "2015-07-18), as committed by David Eads in eads/geocode-pa-detainers (pa_detainers.csv)",
            records=32757,
            known_duplicates=11455,
        ),
        Source(
            "detainers_trac",
            "raw/trac2017_detainers_by_jurisdiction.csv",
            "https://raw.githubusercontent.com/austinbrian/sheriffs/"
            "9612d420e2bccbd2796881f799e3cdb4c7ab1d0f/data/ice_detainees_28_Jun_2017.csv",
            "3781ba06729c7d7792d36c0f6752bfdcd6ebfedba2bd322c15504d7e197ab5be",
            "TRAC, Syracuse University, 'Immigration and Customs Enforcement Detainers' tool "
            "(https://trac.syr.edu/phptools/immigration/detain/), cumulative detainers per facility as scraped on "
            "2017-06-28 by austinbrian/sheriffs (data/ice_detainees_28_Jun_2017.csv)",
            records=4565,
            known_duplicates=179,
            totals=(("All", 1_834_422), ("Yes", 1_047_312), ("No", 787_110)),  # TRAC's state total rows
        ),
    ]
}

#: Distributed with the project's shared data rather than at a public address; its checksum is recorded, not
#: enforced, because the compilation is maintained by hand.
UNPINNED = {"published_figures"}


def path_of(data_dir: Path, key: str) -> Path:
    """Return the path of input ``key`` under ``data_dir``, refusing early if it is missing."""
    src = SOURCES[key]
    path = data_dir / src.path
    if not path.is_file():
        raise InputError(src.path, f"missing (expected at {path})")
    return path


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _accepted_key(name: str) -> str:
    """The registry key an ``--accept-changed`` argument names (its path as registered, or the file name)."""
    for key, src in SOURCES.items():
        if name in (src.path, Path(src.path).name) or Path(name).name == Path(src.path).name:
            return key
    raise InputError(name, "--accept-changed names no registered input")


def verify_checksums(data_dir: Path, accept: frozenset[str] = frozenset()) -> tuple[dict[str, str], dict[str, str]]:
    """Hash every input and refuse one whose sha256 differs from its registered value.

    ``accept`` holds file names (``raw/x.csv`` or ``x.csv``) the builder explicitly accepts as changed.
    Returns ``(hashes, accepted)``: path -> sha256 for every input, and path -> registered sha256 for each
    input that differs and was accepted (recorded in the manifest). Raises :class:`InputError` naming the file.
    """
    accepted_keys = {_accepted_key(name) for name in accept}
    hashes: dict[str, str] = {}
    accepted: dict[str, str] = {}
    for key, src in SOURCES.items():
        digest = sha256_of(path_of(data_dir, key))
        hashes[src.path] = digest
        if key in UNPINNED or digest == src.sha256:
            continue
        if key not in accepted_keys:
            raise InputError(
                src.path,
                f"sha256 {digest[:12]}… differs from the registered {src.sha256[:12]}…; refusing a changed input "
                f"(if the change is intended: --accept-changed {Path(src.path).name})",
            )
        accepted[src.path] = src.sha256
    return hashes, accepted
