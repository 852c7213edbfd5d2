namespace Rectify.Web.Data.Configurations;

/// <summary>Database-only columns of RectificationItems that queries order by (<see cref="EF.Property{TProperty}"/>).</summary>
public static class ItemOrder
{
    /// <summary>
    /// A stored generated column ("DueDate" IS NULL): true when the item has no due date, so such items sort last. The domain gives
    /// every item one, so only rows from outside it carry the flag (docs/decisions/0009-due-order-column.md).
    /// </summary>
    public const string NoDueDate = "NoDueDate";
}
