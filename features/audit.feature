Feature: The auditor's tools
  An auditor, given only the fund's database, rebuilds every figure from the record, reads
  the fund as it stood on any past date, and proves that no stored event was altered or
  removed since the board published the audit seal.

  Background:
    Given the plan year 2026-2027 is open with its published rules
    And designated hospitals H1 of level 1, H2 of level 2 and H3 of level 3
    And M1 and M2, born 2015-05-01, were enrolled on 2026-09-10, their families paying 120.00 each
    And a donation of 10000.00 from "City Charity" with reference D1 on 2026-10-08
    And M1's claim C1 at H3, billed 12000.00 with 10000.00 in scope, was submitted on 2026-10-10 and approved on 2026-10-20
    And a payout run was made on 2026-11-05

  Rule: Every figure can be rebuilt from the record alone

    Scenario: Rebuilt from the record, every table of figures is the same, row for row
      When the auditor rebuilds every figure from the record
      Then every table of the rebuild is identical to the live one
      And the audit passes

  Rule: The database itself refuses to change or remove a recorded event

    Scenario Outline: Changing a stored event through the database is refused
      When someone <tampers with> the stored event that enrolled M2 directly in the database
      Then the database refuses it: its events are append-only
      And the audit passes

      Examples:
        | tampers with |
        | edits        |
        | deletes      |

  Rule: An altered or deleted event is found, and its position named

    Scenario Outline: Tampering by someone who could switch the guard off
      When someone who owns the database switches its guard off and <tampers with> the stored event that enrolled M2
      Then the audit fails, naming that event's position as <what>

      Examples:
        | tampers with | what          |
        | edits        | event altered |
        | deletes      | event deleted |

  Rule: The published seal proves the log was not rewritten

    Scenario: A log that grew honestly still extends the published seal
      Given the board published the audit seal
      When a donation of 500.00 arrives on 2026-12-01
      Then the audit against the published seal passes

    Scenario: Deleting an event and recomputing the whole chain is caught by the seal
      Given the board published the audit seal
      When someone deletes the stored event that enrolled M2 and recomputes every figure and every seal of the chain
      Then the audit without the seal passes, as the rewritten chain is consistent
      But the audit against the published seal fails

  Rule: A seal made with the board's key cannot be made without it

    Scenario: Events added after the keyed seal are counted, and a forged seal is named
      Given the board recorded a seal made with its key
      When someone without the key adds a donation of 500.00 on 2026-12-01 and a seal of their own
      Then the audit with the board's key names the forged seal
      And it counts 2 events after the board's seal, not covered by it
      But the audit without the key passes, as it cannot tell

  Rule: The fund can be read as it stood on any past date

    Scenario: A child's record and the claims register as of past dates
      Then as of these dates the fund showed:
        | as of      | M1 covered from | M1 benefits | claim C1   |
        | 2026-09-09 | not enrolled    | 0.00        | not yet    |
        | 2026-09-10 | 2026-09-01      | 0.00        | not yet    |
        | 2026-10-10 | 2026-09-01      | 0.00        | assessed   |
        | 2026-10-20 | 2026-09-01      | 6930.00     | approved   |
        | 2026-11-05 | 2026-09-01      | 6930.00     | paid       |
