Feature: Payout runs
  Approved payouts are owed to the families. A payout run on a date pays every payable claim
  from the fund's cash. When the cash is short, every payable claim is paid the same
  fraction, allocated to the fen by the largest-remainder method so the amounts add up
  exactly to the cash used; the rest stays payable for the next run. The fund's cash never
  goes below zero.

  Background:
    Given the plan year 2026-2027 is open with its published rules
    And designated hospitals H1 of level 1, H2 of level 2 and H3 of level 3

  Rule: When cash is short every payable claim is paid the same fraction, to the fen

    Scenario Outline: Paying approved claims pro rata
      Given approved claims payable of <payable>, in that order of approval
      And the fund holds <cash> in cash
      When a payout run is made on 2027-01-15
      Then the claims are paid <paid>
      And <left> stays payable
      And the fund's cash is <cash after>

      Examples: Worked examples 4 and 5
        | payable                  | cash    | paid                  | left    | cash after |
        | 1000.00, 500.00, 500.00  | 1000.00 | 500.00, 250.00, 250.00 | 1000.00 | 0.00       |
        | 100.00, 100.00, 100.00   | 100.00  | 33.34, 33.33, 33.33    | 200.00  | 0.00       |

      Examples: Enough cash pays everything
        | payable                  | cash    | paid                   | left | cash after |
        | 1000.00, 500.00          | 2000.00 | 1000.00, 500.00        | 0.00 | 500.00     |

  Rule: What stays payable is paid by the next run

    Scenario: A second run after new money pays the rest
      Given approved claims payable of 1000.00, 500.00, 500.00, in that order of approval
      And the fund holds 1000.00 in cash
      And a payout run was made on 2027-01-15
      When a donation of 1000.00 arrives on 2027-02-01
      And a payout run is made on 2027-02-02
      Then the claims are paid 1000.00, 500.00, 500.00 in all
      And 0.00 stays payable

  Rule: The fund's cash never goes below zero

    Scenario: A run with no cash pays nothing and records nothing
      Given approved claims payable of 300.00, in that order of approval
      When a payout run is made on 2027-01-15
      Then no payout run is recorded
      And 300.00 stays payable
      And the fund's cash is 0.00

    Scenario: A refund the cash no longer covers is refused
      Given a child M1 born 2015-05-01 is registered
      And the family paid for M1 in 2026-2027 on 2026-09-15 with receipt R1
      And approved claims payable of 300.00, in that order of approval
      And a payout run was made on 2027-01-15
      When receipt R1 is reversed on 2027-01-20 because "paid twice at school"
      Then the command is refused by the rule "cash never below zero"
      And the fund's cash is 0.00
      And 180.00 stays payable

    Scenario: A refund the cash covers is paid first, and leaves the run nothing to pay
      Given a child M1 born 2015-05-01 is registered
      And the family paid for M1 in 2026-2027 on 2026-09-15 with receipt R1
      And approved claims payable of 300.00, in that order of approval
      When receipt R1 is reversed on 2027-01-10 because "paid twice at school"
      And a payout run is made on 2027-01-15
      Then no payout run is recorded
      And 300.00 stays payable
      And the fund's cash is 0.00

    Scenario: A refund dated before a run may not take the cash the run paid out
      Given a child M1 born 2015-05-01 is registered
      And the family paid for M1 in 2026-2027 on 2026-09-01 with receipt R1
      And approved claims payable of 120.00, in that order of approval
      And a payout run was made on 2026-11-01
      And a donation of 500.00 arrives on 2026-12-01
      When receipt R1 is reversed on 2026-10-25 because "paid twice at school"
      Then the command is refused by the rule "cash never below zero"
      And the fund's cash at the end of 2026-11-01 is 0.00
      And the fund's cash is 500.00

  Rule: Medical assistance passes through the fund to the families it is owed to

    Scenario: The assistance payer remits, and the next run passes it on
      Given P1, a low-income child born 2015-05-01, enrolled free on 2026-09-10
      And P1 claimed C1 for inpatient treatment at H3 with diagnosis ALL billed 120000.00 with 100000.00 in scope, approved
      And the fund holds 56000.00 in cash
      When the assistance payer remits 16000.00 with reference A1 on 2027-01-10
      And a payout run is made on 2027-01-15
      Then claim C1 is paid 56000.00 and its assistance 16000.00
      And the fund's cash is 0.00
      And the trial balance is 0.00

    Scenario Outline: A claim corrected after its assistance was passed on
      Given P1, a low-income child born 2015-05-01, enrolled free on 2026-09-10
      And P1 claimed C1 for inpatient treatment at H3 with diagnosis ALL billed 120000.00 with 100000.00 in scope, approved
      And the fund holds 56000.00 in cash
      And the assistance payer remitted 16000.00 with reference A1 on 2027-01-10
      And a payout run was made on 2027-01-15
      When claim C1 is corrected to <in scope> in scope on 2027-02-01 because "<reason>"
      And claim C1 is approved again on 2027-02-02
      Then claim C1 is paid <paid> and its assistance <assistance>
      And the family owes back <owed back> on claim C1
      And the trial balance is 0.00

      Examples: What was paid and passed on beyond the corrected claim is owed back
        | in scope  | reason                               | paid     | assistance | owed back |
        | 50000.00  | pharmacy items outside the catalogue | 35000.00 | 10000.00   | 27000.00  |
        | 100000.00 | the bill checked again, unchanged    | 56000.00 | 16000.00   | 0.00      |

  Rule: A family pays back what it owes after a correction, never more, and each repayment once

    Scenario Outline: The family repays what was paid beyond the corrected claim
      Given P1, a low-income child born 2015-05-01, enrolled free on 2026-09-10
      And P1 claimed C1 for inpatient treatment at H3 with diagnosis ALL billed 120000.00 with 100000.00 in scope, approved
      And the fund holds 56000.00 in cash
      And the assistance payer remitted 16000.00 with reference A1 on 2027-01-10
      And a payout run was made on 2027-01-15
      And claim C1 was corrected to 50000.00 in scope on 2027-02-01 and approved again on 2027-02-02
      When the family repays <repaid> on claim C1 with reference F1 on 2027-02-10
      Then <outcome>
      And the family owes back <owed back> on claim C1
      And the fund's cash is <cash>
      And the trial balance is 0.00

      Examples: Repayments of the 27000.00 owed back
        | repaid   | outcome                                       | owed back | cash     |
        | 20000.00 | the repayment is recorded                     | 7000.00   | 20000.00 |
        | 27000.00 | the repayment is recorded                     | 0.00      | 27000.00 |
        | 27000.01 | the command is refused by the rule "recovery" | 27000.00  | 0.00     |

    Scenario: What the family still owes back is set off when a later decision raises the payout
      Given P1, a low-income child born 2015-05-01, enrolled free on 2026-09-10
      And P1 claimed C1 for inpatient treatment at H3 with diagnosis ALL billed 120000.00 with 100000.00 in scope, approved
      And the fund holds 56000.00 in cash
      And the assistance payer remitted 16000.00 with reference A1 on 2027-01-10
      And a payout run was made on 2027-01-15
      And claim C1 was corrected to 50000.00 in scope on 2027-02-01 and approved again on 2027-02-02
      And the family repaid 20000.00 on claim C1 with reference F1 on 2027-02-10
      When claim C1 is corrected to 100000.00 in scope on 2027-02-20 because "the bill checked again"
      And claim C1 is approved again on 2027-02-21
      Then the family owes back 0.00 on claim C1
      And claim C1 is paid 42000.00 and its assistance 10000.00
      And 14000.00 stays payable
      And the trial balance is 0.00

    Scenario: The same repayment entered twice is recorded once
      Given P1, a low-income child born 2015-05-01, enrolled free on 2026-09-10
      And P1 claimed C1 for inpatient treatment at H3 with diagnosis ALL billed 120000.00 with 100000.00 in scope, approved
      And the fund holds 56000.00 in cash
      And the assistance payer remitted 16000.00 with reference A1 on 2027-01-10
      And a payout run was made on 2027-01-15
      And claim C1 was corrected to 50000.00 in scope on 2027-02-01 and approved again on 2027-02-02
      And the family repaid 5000.00 on claim C1 with reference F1 on 2027-02-10
      When the family repays 5000.00 on claim C1 with reference F1 on 2027-02-10
      Then the repayment was already recorded
      And the family owes back 22000.00 on claim C1
      When the family repays 4000.00 on claim C1 with reference F1 on 2027-02-10
      Then the command is refused by the rule "references are unique"
      And the family owes back 22000.00 on claim C1


  Rule: A contribution is no longer reversed once a claim on it was paid

    Scenario: Reversing the contribution of a child whose claim was paid is refused
      Given M1, born 2015-05-01, enrolled on 2026-09-10 for 120.00
      And M1 claimed C1 for inpatient treatment at H3 billed 1000.00 with 1000.00 in scope, approved
      And the fund holds 2000.00 in cash
      And a payout run was made on 2027-01-15
      When receipt R-M1 is reversed on 2027-01-20 because "entered for the wrong child"
      Then the command is refused by the rule "reversal after paid claim"
      And M1 is still enrolled in 2026-2027, having paid 120.00
