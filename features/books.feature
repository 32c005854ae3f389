Feature: The books
  Every movement of money posts a balanced double-entry journal entry, so the debits equal
  the credits after every single event, and an auditor can ask for the balances as they
  stood on any past date.

  Background:
    Given the plan year 2026-2027 is open with its published rules

  Rule: Every money event posts a balanced entry to the accounts of the fund

    Scenario Outline: The journal entry of each kind of money event
      Given the fund's books are empty
      When <what happens>
      Then the journal entry debits <debit> and credits <credit> by <amount>
      And the trial balance is 0.00

      Examples:
        | what happens                                           | debit              | credit              | amount |
        | a family pays for a child                              | cash               | contribution income | 120.00 |
        | a hardship child is enrolled                           | subsidy receivable | subsidy income      | 120.00 |
        | a donation of 300.00 is received                       | cash               | donation income     | 300.00 |
        | a contribution is reversed                             | contribution income| cash                | 120.00 |
        | the subsidy payer remits 120.00 for a hardship child   | cash               | subsidy receivable  | 120.00 |

  Rule: A claim's approval, its payment, medical assistance and the year's close each post a balanced entry

    Scenario: A hardship child's claim, from its approval to the close of the year
      Given designated hospitals H1 of level 1, H2 of level 2 and H3 of level 3
      And P1, a low-income child born 2015-05-01, enrolled free on 2026-09-10
      And a donation of 1000.00 is received on 2026-10-01
      And P1 claimed C1 for inpatient treatment at H3 billed 1000.00 with 1000.00 in scope
      When claim C1 is approved
      Then the entry posts:
        | account               | debit  | credit |
        | benefit expense       | 630.00 |        |
        | claims payable        |        | 630.00 |
        | assistance receivable | 200.00 |        |
        | assistance payable    |        | 200.00 |
      When the assistance payer remits 200.00 with reference MA1 on 2026-11-01
      Then the entry posts:
        | account               | debit  | credit |
        | cash                  | 200.00 |        |
        | assistance receivable |        | 200.00 |
      When a payout run is made on 2027-01-15
      Then the entry posts:
        | account               | debit  | credit |
        | claims payable        | 630.00 |        |
        | assistance payable    | 200.00 |        |
        | cash                  |        | 830.00 |
      When the plan year 2026-2027 is closed on 2027-09-01
      Then the entry posts:
        | account               | debit   | credit |
        | subsidy income        | 120.00  |        |
        | donation income       | 1000.00 |        |
        | benefit expense       |         | 630.00 |
        | reserve               |         | 490.00 |
      And the trial balance is 0.00

  Rule: The trial balance is zero at every position of the log

    Scenario: A busy autumn keeps the books balanced throughout
      Given 20 children are enrolled in the window, 3 of them hardship children
      And a donation of 1000.00 is received on 2026-10-01
      And one contribution is reversed on 2026-10-02
      Then the trial balance is zero after every event
      And the books rebuilt from the record are the same

  Rule: The balances can be read as of any past date

    Scenario: Balances as of a past date count only what was effective by then
      Given a child M1 born 2015-05-01 is registered
      And a child M2 born 2016-05-01 is registered
      And the family paid for M1 in 2026-2027 on 2026-09-10 with receipt R1
      And the family paid for M2 in 2026-2027 on 2026-10-10 with receipt R2
      Then the balances as of these dates are:
        | as of      | cash   | contributions |
        | 2026-09-09 | 0.00   | 0.00          |
        | 2026-09-10 | 120.00 | 120.00        |
        | 2026-10-09 | 120.00 | 120.00        |
        | 2026-10-10 | 240.00 | 240.00        |
