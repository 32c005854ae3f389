Feature: When the database fails
  The fund's database may restart, lose its network for a moment, or fail over to a standby
  while a command runs. The command waits for it and goes on from what is recorded. Whatever
  was recorded before the failure is found again, never recorded twice: a family is paid
  once, a contribution counted once. Rules of 2026-2027: deductible 100.00, inpatient ratio
  0.70 at level 3.

  Background:
    Given the plan year 2026-2027 is open with its published rules
    And designated hospitals H1 of level 1, H2 of level 2 and H3 of level 3

  Rule: A command cut by a failure goes on by itself, and nothing is done twice

    Scenario: A failover during the payout run pays every family once
      Given approved claims payable of 1000.00, 500.00, in that order of approval
      And the fund holds 2000.00 in cash
      And the database will fail over just after it records the next payout run
      When a payout run is made on 2027-01-15
      Then the claims are paid 1000.00, 500.00
      And one payout run is on record
      And the fund's cash is 500.00

    Scenario: A contribution whose recording was cut is counted once
      Given M1, born 2015-05-01, is registered
      And the database will fail over just after it records the next contribution
      When M1's family pays 120.00 on 2026-09-10 with receipt R1
      Then M1 is enrolled in 2026-2027, told as recorded now, not as recorded before
      And the fund's contribution income is 120.00
