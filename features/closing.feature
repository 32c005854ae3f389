Feature: Closing a plan year
  After a plan year ends its books are closed: the year's income and expense move to the
  reserve. A closed year takes no new contributions; claims for it are still taken until
  their deadline, and their benefits are booked to the reserve.

  Background:
    Given the plan year 2026-2027 is open with its published rules
    And designated hospitals H1 of level 1, H2 of level 2 and H3 of level 3
    And M1, born 2015-05-01, enrolled on 2026-09-10 for 120.00
    And M1 claimed C1 for inpatient treatment at H3 billed 12000.00 with 10000.00 in scope, approved
    And a donation of 10000.00 is received on 2026-10-01

  Rule: Closing moves the year's income and expense to the reserve

    Scenario: The reserve receives the year's result
      When the plan year 2026-2027 is closed on 2027-09-15
      Then the reserve is 3190.00
      And the fund's income and benefits in the books are 0.00
      And the trial balance is 0.00

  Rule: A year is closed only after it ends, and once

    Scenario Outline: Closing too early, or twice
      Given <before>
      When the plan year 2026-2027 is closed on <date>
      Then the command is refused by the rule "<rule>"

      Examples:
        | before                                           | date       | rule        |
        | nothing else                                     | 2027-08-31 | year close  |
        | the plan year 2026-2027 was closed on 2027-09-10 | 2027-09-15 | year closed |

  Rule: A closed year takes no new contributions

    Scenario: A contribution for a closed year is refused
      Given a child M2 born 2016-01-01 is registered
      And the plan year 2026-2027 was closed on 2027-09-10
      When the family pays for M2 in 2026-2027 on 2027-06-01 with receipt R2
      Then the command is refused by the rule "year closed"

  Rule: Claims for a closed year are taken until their deadline and booked to the reserve

    Scenario: A claim submitted after the close
      Given the plan year 2026-2027 was closed on 2027-09-10
      When M1 claims C2 at H3 for an admission on 2027-08-10, discharged 2027-08-20, submitted 2027-09-20, bill B2
      And claim C2 is approved on 2027-09-25
      Then the reserve is 2560.00: 3190.00 less the 630.00 the fund pays on C2
      And the fund's income and benefits in the books are 0.00
      And the year's benefits in the balance are those of the board's report, C2 included
      And the trial balance is 0.00
