Feature: Claims
  When an enrolled child is treated in a designated hospital, the fund reimburses part of the
  bill: what is within the medical-insurance catalogue, less what other payers paid, less the
  inpatient deductible, times the ratio for the hospital's level, within the child's annual
  cap. Pilot major diseases are paid as packages at a limited cost per case. A hardship
  child's family also receives medical assistance. Rules of 2026-2027: deductible 100.00,
  inpatient ratios 0.90 / 0.80 / 0.70 by level, outpatient-major 0.90 / 0.85 / 0.80, cap
  200,000.00, assistance ratio 0.20, packages ALL (80,000.00 at 0.70) and VSD (30,000.00 at 0.70).

  Background:
    Given the plan year 2026-2027 is open with its published rules
    And designated hospitals H1 of level 1, H2 of level 2 and H3 of level 3
    And M1, born 2015-05-01, enrolled on 2026-09-10 for 120.00
    And P1, a low-income child born 2015-05-01, enrolled free on 2026-09-10

  Rule: An ordinary claim pays (base - deductible) x ratio, the deductible for inpatients only

    Scenario Outline: Assessing an ordinary claim
      When <member> claims <claim> for <type> treatment at <hospital> billed <total> with <in scope> in scope and <other paid> paid by others
      Then claim <claim> is assessed at base <base>, deductible <deductible>, ratio <ratio>
      And the fund pays <payout> and the family pays <family pays>

      Examples: Worked example 1
        | member | claim | type      | hospital | total     | in scope  | other paid | base      | deductible | ratio | payout  | family pays |
        | M1     | C1    | inpatient | H3       | 12000.00  | 10000.00  | 0.00       | 10000.00  | 100.00     | 0.70  | 6930.00 | 5070.00     |

      Examples: Other levels, types and payers
        | member | claim | type             | hospital | total   | in scope | other paid | base    | deductible | ratio | payout  | family pays |
        | M1     | C2    | inpatient        | H1       | 5000.00 | 4000.00  | 0.00       | 4000.00 | 100.00     | 0.90  | 3510.00 | 1490.00     |
        | M1     | C3    | outpatient-major | H2       | 3000.00 | 3000.00  | 1000.00    | 2000.00 | 0.00       | 0.85  | 1700.00 | 300.00      |
        | M1     | C4    | inpatient        | H2       | 150.00  | 80.00    | 0.00       | 80.00   | 100.00     | 0.80  | 0.00    | 150.00      |
        | M1     | C5    | inpatient        | H3       | 1000.00 | 500.00   | 500.00     | 0.00    | 100.00     | 0.70  | 0.00    | 500.00      |
        | M1     | C6    | inpatient        | H3       | 333.33  | 333.33   | 0.00       | 333.33  | 100.00     | 0.70  | 163.33  | 170.00      |

      Examples: Rounded half up, once, at the end: 0.05 x 0.90 = 0.045 is paid 0.05
        | member | claim | type      | hospital | total  | in scope | other paid | base   | deductible | ratio | payout | family pays |
        | M1     | C7    | inpatient | H1       | 100.05 | 100.05   | 0.00       | 100.05 | 100.00     | 0.90  | 0.05   | 100.00      |

  Rule: A package claim pays base x package ratio, the base limited to the package's cost

    Scenario Outline: Assessing a package claim
      When <member> claims <claim> for inpatient treatment at H3 with diagnosis <package> billed <total> with <in scope> in scope and 0.00 paid by others
      Then claim <claim> is assessed at base <base>, deductible 0.00, ratio 0.70
      And the fund pays <payout> and medical assistance pays <assistance>

      Examples: Worked example 2, a hardship child with leukaemia
        | member | claim | package | total     | in scope  | base     | payout   | assistance |
        | P1     | C1    | ALL     | 120000.00 | 100000.00 | 80000.00 | 56000.00 | 16000.00   |

      Examples: Below the limited cost, and a child who is not a hardship child
        | member | claim | package | total    | in scope | base     | payout   | assistance |
        | P1     | C2    | VSD     | 25000.00 | 20000.00 | 20000.00 | 14000.00 | 4000.00    |
        | M1     | C3    | VSD     | 40000.00 | 35000.00 | 30000.00 | 21000.00 | 0.00       |

  Rule: Approved payouts count against the child's annual cap; rejected ones do not

    Scenario: Worked example 3, the second claim is cut to what remains of the cap
      Given P1 claimed C1 for inpatient treatment at H3 with diagnosis ALL billed 120000.00 with 100000.00 in scope, approved
      When P1 claims C2 for inpatient treatment at H2 billed 250000.00 with 200000.00 in scope and 0.00 paid by others
      Then claim C2 is computed at 159920.00 with 144000.00 of the cap left
      And the fund pays 144000.00 and medical assistance pays 40000.00
      When claim C2 is approved
      Then P1 has 0.00 of the cap left in 2026-2027

    Scenario: A rejected claim leaves the cap untouched
      Given P1 claimed C1 for inpatient treatment at H3 with diagnosis ALL billed 120000.00 with 100000.00 in scope, rejected as NOT_IN_CATALOGUE
      When P1 claims C2 for inpatient treatment at H2 billed 250000.00 with 200000.00 in scope and 0.00 paid by others
      Then claim C2 is computed at 159920.00 with 200000.00 of the cap left
      And the fund pays 159920.00 and medical assistance pays 40000.00

    Scenario: The cap is checked again at approval
      Given M1 claimed C1 for inpatient treatment at H3 billed 200000.00 with 150000.00 in scope
      And M1 claimed C2 for inpatient treatment at H3 billed 200000.00 with 150000.00 in scope
      When claim C1 is approved
      And claim C2 is approved
      Then claim C2 pays 95070.00 and is marked as cut to the cap
      And M1 has 0.00 of the cap left in 2026-2027

  Rule: Medical assistance is for hardship children only, and does not count against the cap

    Scenario: Assistance tops up a hardship family
      When P1 claims C1 for inpatient treatment at H3 billed 12000.00 with 10000.00 in scope and 0.00 paid by others
      Then the fund pays 6930.00 and medical assistance pays 2000.00
      When claim C1 is approved
      Then P1 has 193070.00 of the cap left in 2026-2027

  Rule: A claim that breaks a rule of the fund is recorded as rejected, with its reason

    Scenario Outline: Rejected at submission
      Given <setup>
      When M1 claims C9 at H3 for an admission on <admitted>, discharged <discharged>, submitted <submitted>, bill <bill>
      Then claim C9 is rejected with the reason <reason>
      And the books do not change

      Examples:
        | setup                                      | admitted   | discharged | submitted  | bill | reason          |
        | nothing else                               | 2026-10-01 | 2026-10-05 | 2027-04-04 | B9   | LATE_SUBMISSION |
        | M1's contribution was reversed             | 2026-10-01 | 2026-10-05 | 2026-10-10 | B9   | NOT_ENROLLED    |
        | M1 has a claim C8 on bill B9 at H3         | 2026-10-01 | 2026-10-05 | 2026-10-10 | B9   | DUPLICATE_BILL  |

    Scenario Outline: The claim deadline on its boundary, 180 days after the discharge of 2026-10-05
      When M1 claims C9 at H3 for an admission on 2026-10-01, discharged 2026-10-05, submitted <submitted>, bill B9
      Then claim C9 is <outcome>

      Examples:
        | submitted  | day of the deadline | outcome  |
        | 2027-04-03 | 180                 | assessed |
        | 2027-04-04 | 181                 | rejected |

    Scenario: A claim for a child the fund does not know is refused and nothing is recorded
      When M9 claims C9 at H3 for an admission on 2026-10-01, discharged 2026-10-05, submitted 2026-10-10, bill B9
      Then the command is refused by the rule "unknown member"
      And no claim C9 is on record

    Scenario: More in scope than the total billed is refused as bad input
      When M1 claims C9 for inpatient treatment at H3 billed 1000.00 with 2000.00 in scope and 0.00 paid by others
      Then the command is refused as bad input naming "in scope"
      And no claim C9 is on record

    Scenario: Admitted before the cover of a late joiner began
      Given a child L1 born 2015-05-01 is registered
      And the family paid for L1 in 2026-2027 on 2026-12-01 with receipt RL1
      When L1 claims C9 at H3 for an admission on 2027-02-01, discharged 2027-02-05, submitted 2027-02-10, bill B9
      Then claim C9 is rejected with the reason NOT_COVERED

    Scenario: A hospital that is not designated is refused and nothing is recorded
      When M1 claims C9 at H9 for an admission on 2026-10-01, discharged 2026-10-05, submitted 2026-10-10, bill B9
      Then the command is refused by the rule "designated hospital"
      And no claim C9 is on record

  Rule: A rejected claim can be resubmitted under a new number that names it

    Scenario: The bill is free again for the claim that replaces the rejected one
      Given M1 claimed C1 for inpatient treatment at H3 billed 12000.00 with 10000.00 in scope, rejected as INCOMPLETE_DOCUMENTS
      When M1 resubmits it as C2, replacing C1, on the same bill
      Then claim C2 is assessed at base 10000.00, deductible 100.00, ratio 0.70

    Scenario: A rejected claim is replaced once, so one stay is never paid twice
      Given M1 claimed C1 for inpatient treatment at H3 billed 12000.00 with 10000.00 in scope, rejected as INCOMPLETE_DOCUMENTS
      And M1 resubmitted it as C2, replacing C1, on the same bill
      When M1 resubmits it as C3, replacing C1, on another bill
      Then the command is refused by the rule "resubmission"
      And no claim C3 is on record

    Scenario: Claim numbers are unique
      Given M1 claimed C1 for inpatient treatment at H3 billed 12000.00 with 10000.00 in scope
      When M1 claims C1 for inpatient treatment at H2 billed 5000.00 with 5000.00 in scope and 0.00 paid by others
      Then the command is refused by the rule "claim numbers are unique"

  Rule: An approved claim found wrong is corrected by reversal and a new assessment

    Scenario: Correcting the in-scope amount of an approved claim
      Given M1 claimed C1 for inpatient treatment at H3 billed 12000.00 with 10000.00 in scope, approved
      When claim C1 is corrected to 8000.00 in scope because "pharmacy items outside the catalogue"
      Then claim C1 is assessed at base 8000.00, deductible 100.00, ratio 0.70
      And C1's history shows the approval, then the reversal of the approval
      When claim C1 is approved
      Then the fund's benefit expense is 5530.00
      And M1 has 194470.00 of the cap left in 2026-2027

  Rule: Claims are approved by the thousand, in the order submitted, except those held for review

    Scenario: Approving every assessed claim but the large one
      Given M1 claimed C1 for inpatient treatment at H3 billed 1000.00 with 1000.00 in scope
      And M1 claimed C2 for inpatient treatment at H3 billed 30000.00 with 30000.00 in scope
      And P1 claimed C3 for inpatient treatment at H3 billed 2000.00 with 2000.00 in scope
      When every assessed claim is approved, holding those over 10000.00 for review
      Then 2 claims are approved for 1960.00 in all and C2 is held
      And claim C2 is still waiting for approval

    Scenario: Approving every claim again approves nothing twice
      Given M1 claimed C1 for inpatient treatment at H3 billed 1000.00 with 1000.00 in scope
      And every assessed claim was approved
      When every assessed claim is approved, holding those over 10000.00 for review
      Then 0 claims are approved for 0.00 in all and none is held
