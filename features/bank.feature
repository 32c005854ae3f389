Feature: The bank
  The fund's money is in a bank account, and the bank's word is the last check on the books.
  Each statement's closing balance is recorded as what the bank says the fund held at the end
  of that day, and the audit checks every one against the books. Each line of a statement is
  matched to the money the fund recorded, by its reference and amount: a school's roster paid
  in as one deposit is one line of its total. Rules of 2026-2027: contribution 120.00.

  Background:
    Given the plan year 2026-2027 is open with its published rules
    And a donation of 5000.00 from "City Charity Federation" with reference D1 on 2026-10-08

  Rule: The audit checks every bank statement's closing balance against the books

    Scenario Outline: A statement that agrees with the books, and one that does not
      When the bank statement BOC-10 says the fund held <held> at the end of 2026-10-31
      Then the audit <outcome>

      Examples:
        | held    | outcome                                                  |
        | 5000.00 | passes                                                   |
        | 4950.00 | fails, naming statement BOC-10 with a difference of -50.00 |

  Rule: Each line of a statement is matched to money the fund recorded, once

    Scenario: A school's deposit, a donation, and a line the fund does not know
      Given a school's roster of 3 paying children was paid in as deposit DEP-1 on 2026-09-12
      When the bank statement shows 360.00 from DEP-1 on 2026-09-12, 5000.00 from D1 on 2026-10-08 and 12.34 from X9 on 2026-10-09
      Then 2 lines are matched, and the line of 12.34 from X9 is not
      When the same statement is matched again
      Then nothing more is recorded, and the same 2 lines are matched
