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
  - {id: E03, number: 3, title: Element three}
implementation_actions:
  - {id: C1-IA01, commitment: C1, title: First action, elements: [E01]}
  - {id: C1-IA02, commitment: C1, title: Second action, elements: [E02]}
  - {id: C2-IA01, commitment: C2, title: Third action, elements: [E02]}
  - {id: C4-IA01, commitment: C4, title: Competence action, elements: [E02]}
optional_actions:
  - {id: A01, title: Shared option, commitments: [C1, C2], elements: [E01]}
  - {id: A02, title: Same as C4-IA01, commitments: [C4], elements: [E02], counted_in: C4-IA01}
  - {id: A03, title: Cooperation only, commitments: [C1], elements: [E03]}
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
  rules_version: 2
  item_sections: [implementation_actions, optional_actions, measures]
  statuses:
    - {id: not_started, title: Not started, value: 0, points: 0}
    - {id: planned, title: Planned, value: 1, points: 20}
    - {id: in_progress, title: In progress, value: 2, points: 50}
    - {id: implemented, title: Implemented, value: 3, points: 90, implemented: true}
    - id: sustained
      title: Sustained
      value: 4
      points: 100
      implemented: true
      needs_verification: true
    - {id: not_applicable, title: Not applicable, needs_justification: true}
    - {id: not_adopted, title: Not adopted, sections: [optional_actions]}
  demonstrations:
    - {id: none, title: None, rank: 0}
    - {id: internal, title: Internal, rank: 1, supported_by: [any_evidence]}
    - {id: shared, title: Shared, rank: 2, supported_by: [peer_review, shared_record]}
    - id: published
      title: Published
      rank: 3
      public: true
      supported_by: [public_evidence, public_summary]
  section_weights: {implementation_actions: 1.0}
  item_weights: {C1-IA02: 2.0}
  scoring:
    blends: [{commitment: C1, own: 1, others: [C2, C4], others_weight: 1}]
    optional_credit_points: 5
    optional_credit_cap: 5
    element_without_actions: optional_share
  graded:
    - {items: [C2-IA01], when: high_category_material, weight: 3, reason: Cat I/II.}
  confidence:
    weights: {transparency: 0.5, assurance: 0.5}
    transparency_weights: {demonstrated_share: 0.5, measure_coverage: 0.5}
    assurance_weights: {peer_review_in_cadence: 1, follow_up: 1, verified_share: 1, shared_share: 1}
    shared_level: shared
    follow_up_months: 48
    backed_by_public_summaries: [M-2]
  verification_months: 36
  cadence_months: {self_assessment: 12, peer_review: 60}
  cycle_rules:
    regime_items: [C1-IA01, C1-IA02, C2-IA01]
    regime_threshold: 60
    competence_items: [C4-IA01]
    competence_threshold: 60
  not_applicable_text: "No {scopes}."
reviews:
  kinds:
    - {id: self_assessment, title: Self-assessment, self_assessment: true}
    - {id: ippas_mission, title: IPPAS mission, peer_review: true}
    - {id: ippas_follow_up, title: IPPAS follow-up, peer_review: true, follow_up: true}
    - {id: exercise_field, title: Field exercise, shows_done: [C4-IA01]}
  modules: [{id: national_regime, title: National regime}]
  finding_kinds:
    - {id: recommendation, title: Recommendation, action_plan: true}
    - {id: suggestion, title: Suggestion, action_plan: true}
    - {id: good_practice, title: Good practice, action_plan: false}
records:
  providers: [{id: national, title: National}]
  culture_kinds: [{id: campaign, title: Campaign}]
  cooperation_kinds: [{id: assistance, title: Assistance, actions: [A03]}]
  cooperation_window_months: 24
  measures: [{id: CM-CERT, title: Certified, record: certifications, evidences: M-1}]
"""

PACK = load_pack_text(MINI_PACK, source="mini.yaml")
