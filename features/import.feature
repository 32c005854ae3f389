Feature: School rosters
  Each autumn schools and kindergartens hand in their class rosters with the contributions
  they collected, often saved by Excel in a Chinese locale. A roster is checked whole before
  anything is recorded, and importing the same roster again changes nothing.

  Background:
    Given the plan year 2026-2027 is open with its published rules

  Rule: A roster with a bad row records nothing, and names the line and column

    Scenario: One mistyped amount refuses the whole roster
      Given a roster of 30 children saved as UTF-8 with BOM
      And on line 13 the amount is written "12O.00"
      When the roster is imported
      Then the import is refused naming "line 13, column amount"
      And no child of the roster is enrolled

    Scenario: The bad rows can be set aside for the school to correct
      Given a roster of 30 children saved as UTF-8 with BOM
      And on line 13 the amount is written "12O.00"
      When the roster is imported, setting the bad rows aside
      Then 29 children are enrolled and line 13 is set aside

  Rule: A roster imported again changes nothing

    Scenario: The same roster twice
      Given a roster of 30 children saved as UTF-8 with BOM
      And the roster was imported
      When the roster is imported
      Then 30 rows are skipped as already recorded and none is recorded
      And the fund's cash is 3240.00

  Rule: Rosters are read as Excel saves them

    Scenario Outline: Chinese names in any of the usual encodings
      Given a roster of 30 children saved as <encoding>
      When the roster is imported
      Then 30 children are enrolled with their Chinese names

      Examples:
        | encoding       |
        | UTF-8 with BOM |
        | UTF-8          |
        | GB18030        |

  Rule: The rosters of several schools handed in together are one roster

    Scenario: Every school's children are enrolled at once
      Given the rosters of 3 schools of 10 children each
      When the schools' rosters are imported together
      Then 30 children are enrolled with their Chinese names

    Scenario: A bad row in one school's roster records nothing of any school
      Given the rosters of 3 schools of 10 children each
      And on line 7 of the second school's roster the amount is written "12O.00"
      When the schools' rosters are imported together
      Then the import is refused naming "school-2.csv line 7, column amount"
      And no child of the roster is enrolled

    Scenario: A child on two schools' rosters is named in both places
      Given the rosters of 3 schools of 10 children each
      And the third school's roster also lists the child on line 5 of the first school's
      When the schools' rosters are imported together
      Then the import is refused naming "school-3.csv line 12, column receipt: SCH-003 is also on school-1.csv line 5"
      And no child of the roster is enrolled
