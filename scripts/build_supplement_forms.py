"""Build mgcalc's ``data/supplement_forms.csv``: magnesium and calcium compounds, their
formulas, molar masses and elemental fractions.

Usage::

    python scripts/build_supplement_forms.py [--out data]

The forms are listed here (``FORMS``), each with its formula as written (condensed, a hydrate
after a ``.``: ``Mg3(C6H5O7)2.14H2O``); the script computes the Hill formula, the atoms of the
element, the molar mass and the elemental fraction with molmass, so no number in the file is
typed by hand. Rows are the compounds of ``nutrition-science.md`` §4 (magnesium) and §4b
(more magnesium forms and calcium salts), one per compound *and hydration state*. A form with
no fixed formula (magaldrate, amino acid chelate, citrate malate, MCHC) gets a row with no
formula and no fraction (``fraction_known`` false): only a label's declared elemental amount
can be used for it. ``data/README.md`` documents the columns and the plain-name choices.

Needs molmass (in mgcalc's ``test`` extra); the elemental fraction is
``atoms * standard atomic weight / molar mass`` with Mg 24.305 and Ca 40.078 g/mol (IUPAC),
the values the reference uses.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from molmass import Formula

# element -> (symbol, standard atomic weight [g/mol]) as the reference uses them (§4, §mEq)
ELEMENTS: dict[str, tuple[str, float]] = {
    "magnesium": ("Mg", 24.305),
    "calcium": ("Ca", 40.078),
}

COLUMNS = (
    "form_id", "name", "aliases", "formula", "magnesium_atoms", "molar_mass_g_per_mol",
    "magnesium_fraction", "common_uses", "notes",
    "element", "element_atoms", "elemental_fraction", "fraction_known",
)  # fmt: skip
"""The 0.1 columns first, unchanged; the 0.2 columns after them."""

DECLARED_ONLY = "declared_only"
"""How the notes of a form with no fixed formula begin."""


@dataclass(frozen=True)
class Form:
    """One compound at one hydration state, as written by hand."""

    form_id: str
    name: str
    aliases: tuple[str, ...]
    formula: str
    """As written (``Mg(OH)2``, ``CaHPO4.2H2O``) or Hill; blank: no fixed formula."""
    common_uses: tuple[str, ...]
    notes: str
    element: str = "magnesium"


_PLAIN_PHOSPHATE_MG = (
    "Plain 'magnesium phosphate' is not mapped: the dibasic and tribasic salts differ twofold, "
    "so name the salt."
)
_PLAIN_PHOSPHATE_CA = (
    "Plain 'calcium phosphate' is not mapped: the tribasic salt and the dibasic dihydrate "
    "differ 1.7x, so name the salt."
)
_USUALLY_SOLD = "the hydrate usually sold (reference §4b)"

FORMS: tuple[Form, ...] = (
    # -- magnesium, reference §4 (0.1; unchanged) ------------------------------------------------
    Form(
        "oxide",
        "Magnesium oxide",
        ("magnesium oxide", "mgo", "oxide"),
        "MgO",
        ("supplement",),
        "",
    ),
    Form(
        "hydroxide",
        "Magnesium hydroxide",
        ("magnesium hydroxide", "milk of magnesia", "mg(oh)2"),
        "H2MgO2",
        ("supplement", "antacid", "laxative"),
        "Mg(OH)2.",
    ),
    Form(
        "carbonate",
        "Magnesium carbonate (pure MgCO3)",
        ("magnesium carbonate", "carbonate", "mgco3"),
        "CMgO3",
        ("supplement",),
        "UNVERIFIED: USP 'Magnesium Carbonate' is a basic hydrated carbonate, about 40-43.5% "
        "MgO-equivalent (about 24-26% Mg), not 28.8%; for such material use carbonate_basic_light "
        "or carbonate_basic_heavy.",
    ),
    Form(
        "carbonate_basic_light",
        "Basic magnesium carbonate, light, 4MgCO3.Mg(OH)2.4H2O",
        ("light basic magnesium carbonate", "basic magnesium carbonate light"),
        "C4H10Mg5O18",
        ("supplement",),
        "",
    ),
    Form(
        "carbonate_basic_heavy",
        "Basic magnesium carbonate, heavy, 4MgCO3.Mg(OH)2.5H2O",
        ("heavy basic magnesium carbonate", "basic magnesium carbonate heavy"),
        "C4H12Mg5O19",
        ("supplement",),
        "",
    ),
    Form(
        "chloride_anhydrous",
        "Magnesium chloride, anhydrous",
        ("anhydrous magnesium chloride",),
        "Cl2Mg",
        ("supplement",),
        "",
    ),
    Form(
        "chloride_hexahydrate",
        "Magnesium chloride hexahydrate",
        ("magnesium chloride", "chloride", "mgcl2.6h2o"),
        "Cl2H12MgO6",
        ("supplement",),
        "Plain 'magnesium chloride' maps here: the commonly quoted ~12% elemental Mg for chloride "
        "is the hexahydrate (secondary sources).",
    ),
    Form(
        "sulfate_anhydrous",
        "Magnesium sulfate, anhydrous",
        ("anhydrous magnesium sulfate", "anhydrous magnesium sulphate"),
        "MgO4S",
        ("supplement", "antacid", "laxative"),
        "Plain 'magnesium sulfate' is not mapped to either hydrate (they differ 2.0x and the "
        "reference gives no commonly quoted basis): name the hydrate, or 'epsom salt' for the "
        "heptahydrate.",
    ),
    Form(
        "sulfate_heptahydrate",
        "Magnesium sulfate heptahydrate (Epsom salt)",
        ("epsom salt", "magnesium sulphate heptahydrate", "mgso4.7h2o"),
        "H14MgO11S",
        ("supplement", "antacid", "laxative"),
        "Plain 'magnesium sulfate' is not mapped to either hydrate (they differ 2.0x and the "
        "reference gives no commonly quoted basis): name the hydrate, or 'epsom salt' for the "
        "heptahydrate.",
    ),
    Form(
        "citrate_anhydrous",
        "Trimagnesium dicitrate, anhydrous",
        ("magnesium citrate", "citrate", "trimagnesium dicitrate", "trimagnesium citrate"),
        "C12H10Mg3O14",
        ("supplement", "antacid", "laxative"),
        "Mg3(C6H5O7)2. Plain 'magnesium citrate' maps here: the commonly quoted ~16% elemental Mg "
        "for citrate is the anhydrous salt (secondary sources).",
    ),
    Form(
        "citrate_nonahydrate",
        "Trimagnesium dicitrate nonahydrate",
        ("trimagnesium citrate nonahydrate", "magnesium citrate nonahydrate"),
        "C12H28Mg3O23",
        ("supplement", "antacid", "laxative"),
        "",
    ),
    Form(
        "hydrogen_citrate",
        "Magnesium hydrogen citrate (1:1)",
        ("hydrogen citrate", "magnesium hydrogen citrate"),
        "C6H6MgO7",
        ("supplement",),
        "MgC6H6O7.",
    ),
    Form(
        "bisglycinate_anhydrous",
        "Magnesium bisglycinate, anhydrous",
        ("glycinate", "magnesium glycinate", "bisglycinate", "magnesium bisglycinate"),
        "C4H8MgN2O4",
        ("supplement",),
        "Plain 'glycinate'/'bisglycinate' maps here (the reference labels this row \"glycinate\"). "
        "UNVERIFIED: 'buffered' glycinate/bisglycinate products may contain added MgO, which "
        "raises their Mg%.",
    ),
    Form(
        "bisglycinate_monohydrate",
        "Magnesium bisglycinate monohydrate",
        ("magnesium glycinate monohydrate",),
        "C4H10MgN2O5",
        ("supplement",),
        "UNVERIFIED: 'buffered' glycinate/bisglycinate products may contain added MgO, which "
        "raises their Mg%.",
    ),
    Form(
        "lactate_anhydrous",
        "Magnesium L-lactate, anhydrous",
        ("magnesium lactate", "lactate", "magnesium l-lactate"),
        "C6H10MgO6",
        ("supplement",),
        "Plain 'magnesium lactate' maps here: a Spanish medicine SmPC declares 48.62 mg Mg from "
        "404.85 mg lactate = 12.01%, the anhydrous value (VERIFIED label check).",
    ),
    Form(
        "lactate_dihydrate",
        "Magnesium L-lactate dihydrate",
        ("magnesium lactate dihydrate",),
        "C6H14MgO8",
        ("supplement",),
        "",
    ),
    Form(
        "malate_anhydrous",
        "Magnesium malate (1:1), anhydrous",
        ("magnesium malate", "malate"),
        "C4H4MgO5",
        ("supplement",),
        "UNVERIFIED: branded magnesium malate and dimagnesium malate raw materials vary in "
        "hydration.",
    ),
    Form(
        "malate_trihydrate",
        "Magnesium malate trihydrate",
        (),
        "C4H10MgO8",
        ("supplement",),
        "UNVERIFIED: branded magnesium malate and dimagnesium malate raw materials vary in "
        "hydration.",
    ),
    Form(
        "dimagnesium_malate",
        "Dimagnesium malate (Mg2C4H2O5, anhydrous)",
        ("dimagnesium malate",),
        "C4H2Mg2O5",
        ("supplement",),
        "UNVERIFIED: branded magnesium malate and dimagnesium malate raw materials vary in "
        "hydration.",
    ),
    Form(
        "gluconate_anhydrous",
        "Magnesium gluconate, anhydrous",
        ("magnesium gluconate", "gluconate"),
        "C12H22MgO14",
        ("supplement",),
        "UNVERIFIED: the hydrate states of commercial aspartate, gluconate and orotate vary by "
        "pharmacopoeia; plain 'magnesium gluconate' maps to the anhydrous form.",
    ),
    Form(
        "gluconate_dihydrate",
        "Magnesium gluconate dihydrate",
        (),
        "C12H26MgO16",
        ("supplement",),
        "UNVERIFIED: the hydrate states of commercial aspartate, gluconate and orotate vary by "
        "pharmacopoeia; plain 'magnesium gluconate' maps to the anhydrous form.",
    ),
    Form(
        "aspartate_anhydrous",
        "Magnesium L-aspartate, anhydrous",
        ("magnesium aspartate", "aspartate", "magnesium l-aspartate"),
        "C8H12MgN2O8",
        ("supplement",),
        "UNVERIFIED: the hydrate states of commercial aspartate, gluconate and orotate vary by "
        "pharmacopoeia; plain 'magnesium aspartate' maps to the anhydrous form.",
    ),
    Form(
        "aspartate_dihydrate",
        "Magnesium L-aspartate dihydrate",
        ("magnesium aspartate dihydrate",),
        "C8H16MgN2O10",
        ("supplement",),
        "UNVERIFIED: the hydrate states of commercial aspartate, gluconate and orotate vary by "
        "pharmacopoeia; plain 'magnesium aspartate' maps to the anhydrous form.",
    ),
    Form(
        "aspartate_tetrahydrate",
        "Magnesium L-aspartate tetrahydrate",
        ("magnesium aspartate tetrahydrate",),
        "C8H20MgN2O12",
        ("supplement",),
        "UNVERIFIED: the hydrate states of commercial aspartate, gluconate and orotate vary by "
        "pharmacopoeia; plain 'magnesium aspartate' maps to the anhydrous form.",
    ),
    Form(
        "threonate",
        "Magnesium L-threonate",
        ("magnesium threonate", "threonate", "magnesium l-threonate"),
        "C8H14MgO10",
        ("supplement",),
        "",
    ),
    Form(
        "taurate",
        "Magnesium taurate",
        ("taurate",),
        "C4H12MgN2O6S2",
        ("supplement",),
        "",
    ),
    Form(
        "orotate_anhydrous",
        "Magnesium orotate, anhydrous",
        ("magnesium orotate", "orotate"),
        "C10H6MgN4O8",
        ("supplement",),
        "UNVERIFIED: the hydrate states of commercial aspartate, gluconate and orotate vary by "
        "pharmacopoeia; plain 'magnesium orotate' maps to the anhydrous form.",
    ),
    Form(
        "orotate_dihydrate",
        "Magnesium orotate dihydrate",
        (),
        "C10H10MgN4O10",
        ("supplement",),
        "UNVERIFIED: the hydrate states of commercial aspartate, gluconate and orotate vary by "
        "pharmacopoeia; plain 'magnesium orotate' maps to the anhydrous form.",
    ),
    Form(
        "pidolate",
        "Magnesium pidolate (L-pyroglutamate)",
        ("pidolate", "magnesium pyroglutamate", "magnesium l-pyroglutamate"),
        "C10H12MgN2O6",
        ("supplement",),
        "",
    ),
    # -- magnesium, reference §4b ----------------------------------------------------------------
    Form(
        "glycerophosphate",
        "Magnesium glycerophosphate",
        ("magnesium glycerophosphate", "glycerophosphate"),
        "C3H5(OH)2PO4Mg",
        ("supplement",),
        "",
    ),
    Form(
        "trisilicate_anhydrous",
        "Magnesium trisilicate, anhydrous",
        ("magnesium trisilicate", "trisilicate", "mg2si3o8"),
        "Mg2Si3O8",
        ("antacid",),
        "Sold as Mg2Si3O8.nH2O with variable n (the pentahydrate is 13.85% Mg), and "
        "pharmacopoeias specify it by its MgO content: prefer the label's declared magnesium. "
        "Plain 'magnesium trisilicate' maps to this anhydrous row (reference §4b).",
    ),
    Form(
        "phosphate_dibasic_trihydrate",
        "Magnesium phosphate, dibasic, trihydrate",
        (
            "dibasic magnesium phosphate",
            "magnesium phosphate dibasic",
            "magnesium hydrogen phosphate",
            "dimagnesium phosphate",
        ),
        "MgHPO4.3H2O",
        ("supplement",),
        f"MgHPO4.3H2O, {_USUALLY_SOLD}. {_PLAIN_PHOSPHATE_MG}",
    ),
    Form(
        "phosphate_tribasic_anhydrous",
        "Magnesium phosphate, tribasic, anhydrous",
        ("tribasic magnesium phosphate", "magnesium phosphate tribasic", "trimagnesium phosphate"),
        "Mg3(PO4)2",
        ("supplement",),
        f"Mg3(PO4)2. {_PLAIN_PHOSPHATE_MG}",
    ),
    Form(
        "acetate_tetrahydrate",
        "Magnesium acetate tetrahydrate",
        ("magnesium acetate", "acetate"),
        "Mg(CH3COO)2.4H2O",
        ("supplement",),
        f"Plain 'magnesium acetate' maps here, {_USUALLY_SOLD}.",
    ),
    Form(
        "acetate_anhydrous",
        "Magnesium acetate, anhydrous",
        ("anhydrous magnesium acetate",),
        "Mg(CH3COO)2",
        ("supplement",),
        "",
    ),
    Form(
        "ascorbate",
        "Magnesium ascorbate",
        ("magnesium ascorbate", "ascorbate"),
        "Mg(C6H7O6)2",
        ("supplement",),
        "",
    ),
    Form(
        "picolinate",
        "Magnesium picolinate",
        ("magnesium picolinate", "picolinate"),
        "Mg(C6H4NO2)2",
        ("supplement",),
        "",
    ),
    Form(
        "fumarate",
        "Magnesium fumarate",
        ("magnesium fumarate", "fumarate"),
        "MgC4H2O4",
        ("supplement",),
        "",
    ),
    Form(
        "succinate",
        "Magnesium succinate",
        ("magnesium succinate", "succinate"),
        "MgC4H4O4",
        ("supplement",),
        "",
    ),
    Form(
        "acetyl_taurate",
        "Magnesium acetyl taurate",
        (
            "acetyl taurate",
            "acetyltaurate",
            "magnesium acetyltaurate",
            "n-acetyl taurate",
            "n-acetyltaurate",
        ),
        "Mg(C4H8NO4S)2",
        ("supplement",),
        "",
    ),
    Form(
        "citrate_tetradecahydrate",
        "Trimagnesium dicitrate tetradecahydrate",
        ("magnesium citrate tetradecahydrate", "trimagnesium citrate tetradecahydrate"),
        "Mg3(C6H5O7)2.14H2O",
        ("supplement", "antacid", "laxative"),
        "Plain 'magnesium citrate' maps to citrate_anhydrous (the commonly quoted ~16%), "
        "not to this row.",
    ),
    # -- magnesium, no fixed formula (reference §4b) ---------------------------------------------
    Form(
        "magaldrate",
        "Magaldrate",
        ("magaldrate",),
        "",
        ("antacid",),
        f"{DECLARED_ONLY}: a variable aluminium-magnesium hydroxide sulfate with no fixed "
        "formula; only a label's declared elemental magnesium can be used.",
    ),
    Form(
        "amino_acid_chelate",
        "Magnesium amino acid chelate",
        ("magnesium amino acid chelate", "amino acid chelate"),
        "",
        ("supplement",),
        f"{DECLARED_ONLY}: the amino acids and their proportion are not stated, so there is no "
        "fixed formula; only a label's declared elemental magnesium can be used.",
    ),
    Form(
        "citrate_malate",
        "Magnesium citrate malate",
        ("magnesium citrate malate", "citrate malate", "magnesium citrate-malate"),
        "",
        ("supplement",),
        f"{DECLARED_ONLY}: a mixed citrate-malate salt with no fixed formula; only a label's "
        "declared elemental magnesium can be used.",
    ),
    # -- calcium, reference §4b ------------------------------------------------------------------
    Form(
        "calcium_carbonate",
        "Calcium carbonate",
        ("calcium carbonate", "caco3", "tums"),
        "CaCO3",
        ("supplement", "antacid"),
        "'tums' maps here: an antacid brand whose active ingredient is calcium carbonate.",
        "calcium",
    ),
    Form(
        "calcium_citrate_tetrahydrate",
        "Calcium citrate tetrahydrate",
        ("calcium citrate", "tricalcium dicitrate tetrahydrate"),
        "Ca3(C6H5O7)2.4H2O",
        ("supplement",),
        f"Ca3(C6H5O7)2.4H2O. Plain 'calcium citrate' maps here, {_USUALLY_SOLD}; the commonly "
        "quoted ~21% elemental calcium for citrate is this salt (secondary sources).",
        "calcium",
    ),
    Form(
        "calcium_citrate_anhydrous",
        "Calcium citrate, anhydrous",
        ("anhydrous calcium citrate", "tricalcium dicitrate"),
        "Ca3(C6H5O7)2",
        ("supplement",),
        "",
        "calcium",
    ),
    Form(
        "calcium_phosphate_tribasic",
        "Calcium phosphate, tribasic",
        ("tricalcium phosphate", "tribasic calcium phosphate"),
        "Ca3(PO4)2",
        ("supplement",),
        f"Ca3(PO4)2. {_PLAIN_PHOSPHATE_CA}",
        "calcium",
    ),
    Form(
        "calcium_phosphate_dibasic_dihydrate",
        "Calcium phosphate, dibasic, dihydrate",
        (
            "dicalcium phosphate",
            "dibasic calcium phosphate",
            "dicalcium phosphate dihydrate",
            "calcium hydrogen phosphate dihydrate",
        ),
        "CaHPO4.2H2O",
        ("supplement",),
        f"CaHPO4.2H2O. Plain 'dicalcium phosphate' maps here, {_USUALLY_SOLD}; where a label "
        f"names the anhydrous salt, prefer its declared calcium. {_PLAIN_PHOSPHATE_CA}",
        "calcium",
    ),
    Form(
        "calcium_lactate_pentahydrate",
        "Calcium lactate pentahydrate",
        ("calcium lactate",),
        "Ca(C3H5O3)2.5H2O",
        ("supplement",),
        f"Plain 'calcium lactate' maps here, {_USUALLY_SOLD}; the commonly quoted ~13% "
        "elemental calcium for lactate is this salt (secondary sources).",
        "calcium",
    ),
    Form(
        "calcium_gluconate_monohydrate",
        "Calcium gluconate monohydrate",
        ("calcium gluconate",),
        "Ca(C6H11O7)2.H2O",
        ("supplement",),
        f"Plain 'calcium gluconate' maps here, {_USUALLY_SOLD}; the commonly quoted ~9% "
        "elemental calcium for gluconate rounds either hydrate (secondary sources).",
        "calcium",
    ),
    Form(
        "calcium_gluconate_anhydrous",
        "Calcium gluconate, anhydrous",
        ("anhydrous calcium gluconate",),
        "Ca(C6H11O7)2",
        ("supplement",),
        "",
        "calcium",
    ),
    Form(
        "calcium_hydroxyapatite",
        "Calcium hydroxyapatite",
        ("hydroxyapatite", "hydroxylapatite"),
        "Ca5(PO4)3OH",
        ("supplement",),
        "Ca5(PO4)3OH, the mineral of MCHC. MCHC as a whole also carries protein and other "
        "minerals, so it has less calcium per gram: see calcium_mchc.",
        "calcium",
    ),
    # -- calcium, no fixed formula (reference §4b) -----------------------------------------------
    Form(
        "calcium_citrate_malate",
        "Calcium citrate malate",
        ("calcium citrate malate", "calcium citrate-malate", "ccm"),
        "",
        ("supplement",),
        f"{DECLARED_ONLY}: a mixed citrate-malate salt with no fixed formula; only a label's "
        "declared elemental calcium can be used.",
        "calcium",
    ),
    Form(
        "calcium_mchc",
        "Microcrystalline hydroxyapatite concentrate (MCHC)",
        ("mchc", "microcrystalline hydroxyapatite concentrate", "microcrystalline hydroxyapatite"),
        "",
        ("supplement",),
        f"{DECLARED_ONLY}: hydroxyapatite with protein and other minerals, no fixed formula as a "
        "whole (its mineral is calcium_hydroxyapatite); only a label's declared elemental "
        "calcium can be used.",
        "calcium",
    ),
)


def _number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def form_row(form: Form) -> dict[str, str]:
    """The CSV row of ``form``: its text columns, and the numbers computed from its formula."""
    symbol, atomic_weight = ELEMENTS[form.element]
    row = {
        "form_id": form.form_id,
        "name": form.name,
        "aliases": "; ".join(form.aliases),
        "formula": "",
        "magnesium_atoms": "",
        "molar_mass_g_per_mol": "",
        "magnesium_fraction": "",
        "common_uses": "; ".join(form.common_uses),
        "notes": form.notes,
        "element": form.element,
        "element_atoms": "",
        "elemental_fraction": "",
        "fraction_known": "false",
    }
    if not form.formula:
        if not form.notes.startswith(DECLARED_ONLY):
            raise ValueError(f"{form.form_id}: no formula, and its notes do not say declared_only")
        return row
    molecule = Formula(form.formula)
    atoms = molecule.composition()[symbol].count
    fraction = _number(atoms * atomic_weight / molecule.mass, 10)
    row |= {
        "formula": molecule.formula,  # Hill notation
        "molar_mass_g_per_mol": _number(molecule.mass, 6),
        "element_atoms": str(atoms),
        "elemental_fraction": fraction,
        "fraction_known": "true",
    }
    if form.element == "magnesium":  # the 0.1 columns, kept for magnesium rows
        row |= {"magnesium_atoms": str(atoms), "magnesium_fraction": fraction}
    return row


def build(out: Path) -> int:
    """Write ``supplement_forms.csv`` into ``out``; return its row count."""
    ids = [form.form_id for form in FORMS]
    if len(set(ids)) != len(ids):
        raise ValueError("form_ids are not unique")
    owner: dict[str, str] = {}
    for form in FORMS:
        for key in (form.form_id.replace("_", " "), form.name.lower(), *form.aliases):
            if key != key.lower() and key in form.aliases:
                raise ValueError(f"{form.form_id}: alias {key!r} is not lower case")
            if owner.setdefault(key.lower(), form.form_id) != form.form_id:
                raise ValueError(f"{key!r} names both {owner[key.lower()]} and {form.form_id}")
    rows = [form_row(form) for form in FORMS]
    out.mkdir(parents=True, exist_ok=True)
    with (out / "supplement_forms.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data"), help="output folder [data]")
    args = parser.parse_args(argv)
    n_forms = build(args.out)
    print(f"wrote {n_forms} supplement forms to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
