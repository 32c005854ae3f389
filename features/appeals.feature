Feature: Appeals
  A family may contest a decision on its claim: a rejection, or the amount approved. The appeal
  is recorded within the plan year's appeal period after the decision (60 days unless the rules
  say otherwise). An assessor then upholds the decision, or overturns it: an overturned rejection
  is assessed as any claim and approved as usual; an overturned amount is corrected as usual.
  Either way the appeal and its decision stay on the record. Rules of 2026-2027: deductible
  100.00, inpatient ratio 0.70 at level 3, appeals within 60 days.

  Background:
    Given the plan year 2026-2027 is open with its published rules
    And designated hospitals H1 of level 1, H2 of level 2 and H3 of level 3
    And M1, born 2015-05-01, enrolled on 2026-09-10 for 120.00
    And M1 claimed C1 at H3 for an admission on 2026-10-01, billed 3000.00 with 1000.00 in scope

  Rule: An appeal is taken within the appeal period after the decision

    Scenario Outline: The last day to appeal a rejection
      Given claim C1 was rejected as INCOMPLETE_DOCUMENTS on 2026-10-20
      When the family appeals claim C1 on <day> because "the discharge summary is attached"
      Then the appeal is <outcome>

      Examples: 60 days after the rejection of 2026-10-20
        | day        | outcome                              |
        | 2026-12-19 | accepted                             |
        | 2026-12-20 | refused by the rule "appeal deadline" |

    Scenario: A claim not yet decided cannot be appealed
      When the family appeals claim C1 on 2026-10-20 because "too slow"
      Then the appeal is refused by the rule "appeal"

  Rule: An overturned rejection is assessed and approved as usual

    Scenario: A rejection overturned
      Given claim C1 was rejected as INCOMPLETE_DOCUMENTS on 2026-10-20
      And the family appealed claim C1 on 2026-11-02 because "the discharge summary is attached"
      Then claim C1 is listed among the claims under appeal
      When the appeal on claim C1 is overturned on 2026-11-10 because "summary received"
      And claim C1 is approved on 2026-11-11
      Then claim C1 pays 630.00 and is no longer under appeal
      And C1's history shows the rejection, then the appeal, then the decision on the appeal, then the approval

  Rule: An upheld decision stands, and is not appealed twice

    Scenario: A rejection upheld
      Given claim C1 was rejected as INCOMPLETE_DOCUMENTS on 2026-10-20
      And the family appealed claim C1 on 2026-11-02 because "the discharge summary is attached"
      When the appeal on claim C1 is upheld on 2026-11-10 because "the summary is still missing"
      Then claim C1 is rejected with the reason INCOMPLETE_DOCUMENTS
      And claim C1 is not listed among the claims under appeal
      When the family appeals claim C1 on 2026-11-12 because "again"
      Then the appeal is refused by the rule "appeal"

  Rule: An overturned amount is corrected as usual

    Scenario: The amount approved overturned, with the in-scope part corrected
      Given claim C1 was approved on 2026-10-20
      And the family appealed claim C1 on 2026-11-02 because "items wrongly left out of scope"
      When the appeal on claim C1 is overturned on 2026-11-10 with 2000.00 in scope because "catalogue checked"
      And claim C1 is approved on 2026-11-11
      Then claim C1 pays 1330.00 and is no longer under appeal
