Feature: A deductible by hospital level
  A year's rules may set the inpatient deductible by the level of the hospital instead of one
  amount for all: the family bears less of a small bill at a community hospital than at a
  city hospital. Rules of 2026-2027 with the deductible 50.00 / 100.00 / 300.00 by level 1 / 2
  / 3, inpatient ratios 0.90 / 0.80 / 0.70; outpatient treatment of a major disease has no
  deductible.

  Background:
    Given the plan year 2026-2027 is open with an inpatient deductible of 50.00, 100.00 and 300.00 by hospital level
    And designated hospitals H1 of level 1, H2 of level 2 and H3 of level 3
    And M1, born 2015-05-01, enrolled on 2026-09-10 for 120.00

  Rule: An inpatient claim bears the deductible of its hospital's level

    Scenario Outline: The same bill at each level
      When M1 claims <claim> for <type> treatment at <hospital> billed 1000.00 with 1000.00 in scope and 0.00 paid by others
      Then claim <claim> is assessed at base 1000.00, deductible <deductible>, ratio <ratio>
      And the fund pays <payout> and the family pays <family pays>

      Examples:
        | claim | type             | hospital | deductible | ratio | payout | family pays |
        | C1    | inpatient        | H1       | 50.00      | 0.90  | 855.00 | 145.00      |
        | C2    | inpatient        | H2       | 100.00     | 0.80  | 720.00 | 280.00      |
        | C3    | inpatient        | H3       | 300.00     | 0.70  | 490.00 | 510.00      |
        | C4    | outpatient-major | H3       | 0.00       | 0.80  | 800.00 | 200.00      |
