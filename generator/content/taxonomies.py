"""The fixed taxonomies every network shares: the 17 SDGs with their 169 targets, and the 23 GCM objectives."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml

# ruff: noqa: E501 - the official titles are kept whole, one per line, to be checked against the source

# Official short titles of the Sustainable Development Goals.
SDGS = MappingProxyType(
    {
        1: "No Poverty",
        2: "Zero Hunger",
        3: "Good Health and Well-being",
        4: "Quality Education",
        5: "Gender Equality",
        6: "Clean Water and Sanitation",
        7: "Affordable and Clean Energy",
        8: "Decent Work and Economic Growth",
        9: "Industry, Innovation and Infrastructure",
        10: "Reduced Inequalities",
        11: "Sustainable Cities and Communities",
        12: "Responsible Consumption and Production",
        13: "Climate Action",
        14: "Life Below Water",
        15: "Life on Land",
        16: "Peace, Justice and Strong Institutions",
        17: "Partnerships for the Goals",
    }
)

# What each goal is, as the General Assembly worded it (A/RES/70/1, "Sustainable Development Goals").
SDG_STATEMENTS = MappingProxyType(
    {
        1: "End poverty in all its forms everywhere",
        2: "End hunger, achieve food security and improved nutrition and promote sustainable agriculture",
        3: "Ensure healthy lives and promote well-being for all at all ages",
        4: "Ensure inclusive and equitable quality education and promote lifelong learning opportunities for all",
        5: "Achieve gender equality and empower all women and girls",
        6: "Ensure availability and sustainable management of water and sanitation for all",
        7: "Ensure access to affordable, reliable, sustainable and modern energy for all",
        8: "Promote sustained, inclusive and sustainable economic growth, full and productive employment and decent work for all",
        9: "Build resilient infrastructure, promote inclusive and sustainable industrialization and foster innovation",
        10: "Reduce inequality within and among countries",
        11: "Make cities and human settlements inclusive, safe, resilient and sustainable",
        12: "Ensure sustainable consumption and production patterns",
        13: "Take urgent action to combat climate change and its impacts",
        14: "Conserve and sustainably use the oceans, seas and marine resources for sustainable development",
        15: "Protect, restore and promote sustainable use of terrestrial ecosystems, sustainably manage forests, combat desertification, and halt and reverse land degradation and halt biodiversity loss",
        16: "Promote peaceful and inclusive societies for sustainable development, provide access to justice for all and build effective, accountable and inclusive institutions at all levels",
        17: "Strengthen the means of implementation and revitalize the Global Partnership for Sustainable Development",
    }
)

# The 23 objectives of the Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195).
GCM_OBJECTIVES = MappingProxyType(
    {
        1: "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
        2: "Minimize the adverse drivers and structural factors that compel people to leave their country of origin",
        3: "Provide accurate and timely information at all stages of migration",
        4: "Ensure that all migrants have proof of legal identity and adequate documentation",
        5: "Enhance availability and flexibility of pathways for regular migration",
        6: "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work",
        7: "Address and reduce vulnerabilities in migration",
        8: "Save lives and establish coordinated international efforts on missing migrants",
        9: "Strengthen the transnational response to smuggling of migrants",
        10: "Prevent, combat and eradicate trafficking in persons in the context of international migration",
        11: "Manage borders in an integrated, secure and coordinated manner",
        12: "Strengthen certainty and predictability in migration procedures for appropriate screening, assessment and referral",
        13: "Use migration detention only as a measure of last resort and work towards alternatives",
        14: "Enhance consular protection, assistance and cooperation throughout the migration cycle",
        15: "Provide access to basic services for migrants",
        16: "Empower migrants and societies to realize full inclusion and social cohesion",
        17: "Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions of migration",
        18: "Invest in skills development and facilitate mutual recognition of skills, qualifications and competences",
        19: "Create conditions for migrants and diasporas to fully contribute to sustainable development in all countries",
        20: "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants",
        21: "Cooperate in facilitating safe and dignified return and readmission, as well as sustainable reintegration",
        22: "Establish mechanisms for the portability of social security entitlements and earned benefits",
        23: "Strengthen international cooperation and global partnerships for safe, orderly and regular migration",
    }
)


@dataclass(frozen=True)
class SdgTarget:
    """One of the 169 targets of the SDGs, by its official number ('10.7', '10.c')."""

    code: str

    @property
    def goal(self) -> int:
        return int(self.code.split(".")[0])

    def __str__(self) -> str:
        return self.code


# The official titles of the targets, by language, where the UN's texts give them (content/sdg_targets/<code>.yml).
_TARGETS_FOLDER = Path(__file__).parent / "sdg_targets"


@cache
def sdg_target_titles(language: str) -> Mapping[str, str]:
    """The official titles of the SDG targets in a language, by number; empty where none are shipped."""
    path = _TARGETS_FOLDER / f"{language}.yml"
    if not path.is_file():
        return MappingProxyType({})
    # libyaml's loader where PyYAML has it: the English titles are read by every build, 20 times faster.
    titles = yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return MappingProxyType({str(code): str(title) for code, title in titles.items()})


# Every target's number, in the official order (the English texts hold all 169).
SDG_TARGETS: tuple[str, ...] = tuple(sdg_target_titles("en"))


def targets_of(goal: int) -> tuple[str, ...]:
    """The numbers of a goal's targets, in the official order."""
    return tuple(code for code in SDG_TARGETS if code.split(".")[0] == str(goal))
