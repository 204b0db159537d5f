"""The demo's indicator metadata beyond ``demo_catalogue.json``: annual indicators are
measured in the second half-year (the data's convention for a calendar year's figure),
REF-01 records the data break its caveat describes (also in English), and two indicators
carry their limitations and a contact. TRY-01's figures are invented like the rest of its data."""

from __future__ import annotations

from datetime import date
from typing import Any

EXTRA: dict[str, dict[str, Any]] = {
    "TRY-01": {
        "limitations": "Spørgeskemaundersøgelse med omkring 1.000 svar; forskelle på under "
        "2 procentpoint ligger inden for den statistiske usikkerhed.",
        "contact": "Beskæftigelses- og Integrationsforvaltningen (BIF), integrationsundersøgelsen",
        "last_updated": date(2009, 11, 16),
    },
    "REF-01": {
        "data_breaks": "2009-H2: Danmarks Statistik ændrede opgørelsesmetoden mellem 2008 og "
        "2009; tallet kan ikke sammenlignes med tidligere år.",
        "data_breaks_en": "2009-H2: Statistics Denmark changed its method between 2008 and "
        "2009; the figure cannot be compared with earlier years.",
        "limitations": "Landstal, ikke Københavns tal. Erhvervsfrekvensen omfatter også ledige. "
        "At et kalenderårs tal vises i 2. halvår, er barometerets konvention.",
        "contact": "Beskæftigelses- og Integrationsforvaltningen (BIF)",
    },
}


def metadata(ind: dict[str, Any]) -> dict[str, Any]:
    """The metadata fields of one indicator of the demo data."""
    annual = ind.get("frequency") == "annual"
    return {
        "frequency": "annual" if annual else "half_yearly",
        "measured_half": 2 if annual else None,
    } | EXTRA.get(ind["code"], {})
