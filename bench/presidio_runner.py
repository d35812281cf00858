"""Run Microsoft Presidio's analyzer over lines of text (JSON on stdin → JSON on stdout).

Started by bench_masking.py with Presidio's own interpreter (PRESIDIO_PYTHON), never imported
by the app: presidio-analyzer pulls spaCy and friends, which the product does not need.
Offline set-up: spaCy's *blank* English pipeline (no downloaded model, so no PERSON/LOCATION
named-entity recognition), every predefined pattern recognizer, Presidio's Korean recognizers
(KR_RRN, KR_FRN, KR_PASSPORT, KR_DRIVER_LICENSE) and its phone recognizer with the KR region
added; tldextract's public-suffix download is switched off (its bundled snapshot is used).
"""
import json
import sys

import tldextract

tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())

import spacy  # noqa: E402
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry  # noqa: E402
from presidio_analyzer.nlp_engine import SpacyNlpEngine  # noqa: E402
from presidio_analyzer.predefined_recognizers import PhoneRecognizer  # noqa: E402
from presidio_analyzer.predefined_recognizers.country_specific.korea import (  # noqa: E402
    kr_driver_license_recognizer, kr_frn_recognizer, kr_passport_recognizer, kr_rrn_recognizer)


class BlankEnglish(SpacyNlpEngine):
    def load(self):
        self.nlp = {"en": spacy.blank("en")}


def analyzer() -> AnalyzerEngine:
    engine = BlankEnglish(models=[{"lang_code": "en", "model_name": "blank"}])
    engine.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"])
    registry.add_recognizer(PhoneRecognizer(supported_regions=("KR", "US", "UK"), supported_language="en"))
    registry.add_recognizer(kr_rrn_recognizer.KrRrnRecognizer(supported_language="en"))
    registry.add_recognizer(kr_frn_recognizer.KrFrnRecognizer(supported_language="en"))
    registry.add_recognizer(kr_passport_recognizer.KrPassportRecognizer(supported_language="en"))
    registry.add_recognizer(kr_driver_license_recognizer.KrDriverLicenseRecognizer(supported_language="en"))
    return AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["en"])


def main() -> None:
    engine = analyzer()
    out = []
    for entry in json.load(sys.stdin):
        results = engine.analyze(entry["text"], language="en")
        out.append([{"type": r.entity_type, "start": r.start, "end": r.end, "score": r.score} for r in results])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
