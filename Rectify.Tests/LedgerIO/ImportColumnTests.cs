using Rectify.Domain;
using Rectify.Domain.Ledger;
using Rectify.Web.LedgerIO;

namespace Rectify.Tests.LedgerIO;

/// <summary>The importer reports a domain refusal under the column of the field the domain names (DomainException.Field).</summary>
public sealed class ImportColumnTests
{
    [Fact]
    public void Every_input_the_domain_can_name_has_its_own_column()
    {
        // A field added to ItemDetails (and checked by the domain) fails here until the importer knows its column.
        var fallback = ImportRowChecker.ColumnOf("not a field");
        var unmapped = typeof(ItemDetails).GetProperties().Select(p => p.Name).Append(nameof(RectificationItem.Measures))
            .Where(name => name != nameof(ItemDetails.Description) && ImportRowChecker.ColumnOf(name) == fallback)
            .ToList();
        unmapped.ShouldBeEmpty();
    }

    [Fact]
    public void The_column_comes_from_the_field_the_domain_names_not_from_the_code()
    {
        // Same-owner is coded under item.leader and concerns the leader; a code that names no column still reaches the field's.
        ImportRowChecker.ColumnOf(new DomainException("item.leader.same_as_owner", "") { Field = nameof(ItemDetails.LeaderId) }.Field).ShouldBe(LedgerColumn.Leader);
        ImportRowChecker.ColumnOf(new DomainException("item.some_future_rule", "") { Field = nameof(ItemDetails.Remarks) }.Field).ShouldBe(LedgerColumn.Remarks);
        ImportRowChecker.ColumnOf(new DomainException("item.period.required", "") { Field = nameof(ItemDetails.Period) }.Field).ShouldBe(LedgerColumn.Deadline);
    }
}
