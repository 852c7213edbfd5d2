#!/usr/bin/env bash
# EXPLAIN QUERY PLAN and timings (sqlite3 .timer) of the item list's queries as EF generates them (captured with
# Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information), with the parameters filled in for
# bench.admin / bench.leader2 and today. Usage: bench/plans-sqlite.sh /tmp/rectify-bench-sqlite-100000/rectify.db
set -euo pipefail
db=$1
today=$(TZ=Asia/Shanghai date +%F)
uid=$(sqlite3 "$db" "select Id from AspNetUsers where UserName='bench.leader2'")
orgs=$(sqlite3 "$db" "select group_concat(o.Id) from LeaderAssignments a join Organizations o on o.Id=a.OrganizationId or o.ParentId=a.OrganizationId where a.UserId='$uid'")
scope="(r.ResponsibleOrganizationId IN ($orgs) OR r.OwnerId = '$uid' OR r.LeaderId = '$uid' OR r.Id IN (SELECT m.ItemId FROM Measures m WHERE m.OwnerId = '$uid'))"
overdue="r.Status NOT IN (3, 4) AND r.DueDate < '$today'"
page="SELECT r0.Id, r0.Number, p.Title, o.Name, (SELECT a.DisplayName FROM AspNetUsers a WHERE a.Id = r0.OwnerId LIMIT 1), (SELECT a0.DisplayName FROM AspNetUsers a0 WHERE a0.Id = r0.LeaderId LIMIT 1), EXISTS (SELECT 1 FROM ExtensionRequests e WHERE r0.Id = e.ItemId AND e.State = 0) FROM (SELECT r.* FROM RectificationItems r WHERE %s ORDER BY %s LIMIT 20) r0 JOIN ProblemLists p ON r0.ProblemListId = p.Id JOIN Organizations o ON r0.ResponsibleOrganizationId = o.Id"
run() {
  echo "== $1"; echo "EXPLAIN QUERY PLAN $2;" | sqlite3 "$db"
  printf '.timer on\n%s;\n' "$2" | sqlite3 "$db" | grep -E '^Run Time' | tail -1
}
run "overdue, admin: count" "SELECT COUNT(*) FROM RectificationItems r WHERE $overdue"
run "overdue, admin: page" "$(printf "$page" "$overdue" "r.DueDate, r.Number")"
run "overdue, leader: count" "SELECT COUNT(*) FROM RectificationItems r WHERE $scope AND $overdue"
run "overdue, leader: page" "$(printf "$page" "$scope AND $overdue" "r.DueDate, r.Number")"
filtered="r.Status = 1 AND r.Category = '作风建设' AND EXISTS (SELECT 1 FROM ProblemLists l WHERE l.Id = r.ProblemListId AND l.Source = 1)"
run "filtered, admin: count" "SELECT COUNT(*) FROM RectificationItems r WHERE $filtered"
run "filtered, admin: page" "$(printf "$page" "$filtered" "r.NoDueDate, r.DueDate, r.Number")"
run "filtered, leader: page" "$(printf "$page" "$scope AND $filtered" "r.NoDueDate, r.DueDate, r.Number")"
run "unfiltered, admin: page" "$(printf "$page" "1" "r.NoDueDate, r.DueDate, r.Number")"
run "reminders: unfinished items" "SELECT r.Id, r.Number, r.Description, (SELECT e.RequestedAt FROM ExtensionRequests e WHERE r.Id = e.ItemId AND e.State = 0 LIMIT 1) FROM RectificationItems r WHERE r.Status NOT IN (4, 3)"
