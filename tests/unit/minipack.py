"""A tiny framework pack whose indices can be computed by hand."""

from nucsec.catalogue import load_pack_text

MINI_PACK = """
framework: {id: mini, title: Mini framework, version: "1"}
maturities:
  - {id: new, title: New}
  - {id: developed, title: Developed}
references: []
commitments:
  - {id: C1, number: 1, title: One, wording: one}
  - {id: C2, number: 2, title: Two, wording: two}
  - {id: C3, number: 3, title: Three, wording: three}
  - {id: C4, number: 4, title: Four, wording: four}
elements:
  - {id: E01, number: 1, title: Element one}
  - {id: E02, number: 2, title: Element two}
implementation_actions:
  - {id: C1-IA01, commitment: C1, title: First action, elements: [E01]}
  - {id: C1-IA02, commitment: C1, title: Second action, elements: [E02]}
  - {id: C2-IA01, commitment: C2, title: Third action, elements: [E02]}
optional_actions:
  - {id: A01, title: Shared option, commitments: [C1, C2], elements: [E01]}
cycle:
  - {id: S1, order: 1, title: Establish, commitments: [C1, C2], next: S2, start_for: [new]}
  - {id: S2, order: 2, title: Competence, commitments: [C4], next: S3}
  - {id: S3, order: 3, title: Self-assess, commitments: [C3], next: S4, start_for: [developed]}
  - {id: S4, order: 4, title: Peer review, commitments: [C3], next: S5}
  - {id: S5, order: 5, title: Act, commitments: [C3], next: S3}
channels: [{id: CH, title: Channel}]
measure_areas: [{id: AR, title: Area}]
measures:
  - {id: M-1, area: AR, title: Publish one, commitments: [C1], channels: [CH]}
  - {id: M-2, area: AR, title: Publish two, commitments: [C2], channels: [CH]}
assessment:
  item_sections: [implementation_actions, optional_actions, measures]
  statuses:
    - {id: not_started, title: Not started, value: 0}
    - {id: planned, title: Planned, value: 1}
    - {id: in_progress, title: In progress, value: 2}
    - {id: implemented, title: Implemented, value: 3, implemented: true}
    - {id: sustained, title: Sustained, value: 4, implemented: true}
    - {id: not_applicable, title: Not applicable}
  demonstrations:
    - {id: none, title: None}
    - {id: internal, title: Internal}
    - {id: published, title: Published, public: true}
  section_weights: {implementation_actions: 1.0, optional_actions: 0.5}
  item_weights: {C1-IA02: 2.0}
  confidence_weights: {demonstrated_share: 0.5, measure_coverage: 0.5}
  cadence_months: {self_assessment: 12, peer_review: 60}
  cycle_thresholds: {regime_index: 60, competence_index: 60}
  not_applicable_text: "No {scopes}."
reviews:
  kinds:
    - {id: self_assessment, title: Self-assessment, self_assessment: true}
    - {id: ippas_mission, title: IPPAS mission, peer_review: true}
    - {id: ippas_follow_up, title: IPPAS follow-up, peer_review: true, follow_up: true}
    - {id: exercise_field, title: Field exercise}
  modules: [{id: national_regime, title: National regime}]
  finding_kinds:
    - {id: recommendation, title: Recommendation, action_plan: true}
    - {id: suggestion, title: Suggestion, action_plan: true}
    - {id: good_practice, title: Good practice, action_plan: false}
records:
  providers: [{id: national, title: National}]
  culture_kinds: [{id: campaign, title: Campaign}]
  cooperation_kinds: [{id: assistance, title: Assistance, actions: [A01]}]
  cooperation_window_months: 24
  measures: [{id: CM-CERT, title: Certified, record: certifications, evidences: M-1}]
"""

PACK = load_pack_text(MINI_PACK, source="mini.yaml")
