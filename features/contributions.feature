Feature: Contributions, receipts, donations and the subsidy
  Every payment has a receipt number that is unique across the whole fund. A payment entered
  twice is recorded once. A payment recorded by mistake is reversed, never edited or deleted,
  until the child has had a claim paid.

  Background:
    Given the plan year 2026-2027 is open with its published rules
    And a child M1 born 2015-05-01 is registered
    And a child M2 born 2016-02-11 is registered

  Rule: A receipt number is used once across the fund

    Scenario: The same receipt entered twice is recorded once
      Given the family paid for M1 in 2026-2027 on 2026-09-15 with receipt R1
      When the family pays for M1 in 2026-2027 on 2026-09-15 with receipt R1
      Then the command succeeds, saying the receipt was already recorded
      And the fund's cash is 120.00

    Scenario: A receipt number already used for another child is refused
      Given the family paid for M1 in 2026-2027 on 2026-09-15 with receipt R1
      When the family pays for M2 in 2026-2027 on 2026-09-15 with receipt R1
      Then the command is refused by the rule "receipt numbers are unique"
      And M2 is not enrolled in 2026-2027
      And the fund's cash is 120.00

  Rule: The fund books only the amount written on the receipt

    Scenario: A paying family's contribution entered without its amount is refused
      When the family's contribution for M1 in 2026-2027 on 2026-09-15 with receipt R1 is entered without its amount
      Then the command is refused as bad input naming "amount"
      And M1 is not enrolled in 2026-2027
      And the fund's cash is 0.00

    Scenario: A hardship child's enrollment has no amount to enter
      Given a low-income child H1 born 2015-05-01 is registered with evidence EV-1
      When the family's contribution for H1 in 2026-2027 on 2026-09-20 with receipt R1 is entered without its amount
      Then H1 is covered in 2026-2027 from 2026-09-01
      And the subsidy receivable is 120.00
      And the fund's cash is 0.00

  Rule: A hardship category is one the plan year lists

    Scenario: A child registered under a category no open year lists is refused
      When a poor child P1 born 2015-05-01 is registered with evidence EV-9
      Then the command is refused as bad input naming "low-income, special-hardship, disabled"
      And no child P1 is registered

  Rule: A contribution recorded by mistake is reversed, never edited

    Scenario: Reversing a contribution refunds it and ends the cover
      Given the family paid for M1 in 2026-2027 on 2026-09-15 with receipt R1
      When receipt R1 is reversed on 2026-09-20 because "paid twice at school"
      Then M1 is not covered in 2026-2027
      And the fund's cash is 0.00
      And R1's history shows the enrollment, then the reversal of the enrollment

    Scenario: After a reversal the child can be enrolled under a new receipt
      Given the family paid for M1 in 2026-2027 on 2026-09-15 with receipt R1
      And receipt R1 was reversed on 2026-09-20 because "wrong child"
      When the family pays for M1 in 2026-2027 on 2026-09-21 with receipt R2
      Then M1 is covered in 2026-2027 from 2026-09-01
      And the fund's cash is 120.00

    Scenario: A receipt is reversed only once
      Given the family paid for M1 in 2026-2027 on 2026-09-15 with receipt R1
      And receipt R1 was reversed on 2026-09-20 because "wrong child"
      When receipt R1 is reversed on 2026-09-21 because "again"
      Then the command is refused by the rule "reversal"

  Rule: Donations are recorded with donor and reference, once

    Scenario: A donation entered twice is recorded once
      Given a donation of 5000.00 from "City Charity Federation" with reference D1 on 2026-10-08
      When a donation of 5000.00 from "City Charity Federation" with reference D1 on 2026-10-08 is recorded
      Then the fund's donation income is 5000.00

    Scenario: A donation reference used again with another amount is refused
      Given a donation of 5000.00 from "City Charity Federation" with reference D1 on 2026-10-08
      When a donation of 6000.00 from "City Charity Federation" with reference D1 on 2026-10-08 is recorded
      Then the command is refused by the rule "references are unique"
      And the fund's donation income is 5000.00

  Rule: The subsidy payer's remittance settles hardship children's contributions

    Scenario: One remittance settles many children
      Given a low-income child H1 born 2015-05-01 is registered with evidence EV-1
      And a disabled child H2 born 2022-01-01 is registered with evidence EV-2
      And H1 was enrolled in 2026-2027 on 2026-09-20 with receipt R1
      And H2 was enrolled in 2026-2027 on 2026-09-20 with receipt R2
      When the subsidy payer remits 260.00 with reference S1 on 2026-12-15
      Then the subsidy receivable is 0.00
      And the fund's cash is 260.00

    Scenario: A remittance larger than what is owed is refused
      Given a low-income child H1 born 2015-05-01 is registered with evidence EV-1
      And H1 was enrolled in 2026-2027 on 2026-09-20 with receipt R1
      When the subsidy payer remits 500.00 with reference S1 on 2026-12-15
      Then the command is refused by the rule "subsidy remittance"
      And the subsidy receivable is 120.00
