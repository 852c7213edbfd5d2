namespace Rectify.Web.Ledger;

/// <summary>
/// What one row of <see cref="ItemCount"/> counts items by, besides their organisation (decision 0035). Each item is
/// counted once in every dimension; the unused parts of a row's key are <see cref="ItemCount.NoKey"/> and <see cref="ItemCount.NoSource"/>.
/// </summary>
public enum CountDimension
{
    /// <summary>(status, category, source): the item list's totals for a category and/or a source.</summary>
    CategorySource = 0,

    /// <summary>(status, category): the overview's categories.</summary>
    Category = 1,

    /// <summary>(status, source): the overview's sources.</summary>
    Source = 2,

    /// <summary>(status, month the item falls due, 'yyyy-MM', or '' without a due date): overdue counts before this month.</summary>
    DueMonth = 3,

    /// <summary>(status): totals per organisation and status.</summary>
    Status = 4,

    /// <summary>(Monday of the week the item was created, 'yyyy-MM-dd'; status <see cref="ItemCount.AnyStatus"/>): the weekly trend.</summary>
    CreatedWeek = 5,
}
