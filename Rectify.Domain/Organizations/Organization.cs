using Rectify.Domain.Ledger;

namespace Rectify.Domain.Organizations;

/// <summary>党组织: a node of the 党委/党组 → 党总支 → 党支部 tree.</summary>
public sealed class Organization
{
    private Organization()
    {
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public OrganizationLevel Level { get; private set; }

    public int? ParentId { get; private set; }

    /// <summary>Inactive organisations keep their items and history but get no new items.</summary>
    public bool IsActive { get; private set; }

    /// <param name="parent">Must sit on a higher level (党委/党组 above 党总支 above 党支部) and be active.</param>
    /// <param name="id">0 lets the database assign the key; seed data and tests pass explicit ids.</param>
    public static Organization Create(string name, OrganizationLevel level, Organization? parent = null, int id = 0)
    {
        if (!Enum.IsDefined(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level));
        }

        if (parent is not null)
        {
            EnsureValidParent(level, parent);
        }

        return new Organization
        {
            Id = id,
            Name = ValidName(name),
            Level = level,
            ParentId = parent?.Id,
            IsActive = true,
        };
    }

    public void Rename(string name) => Name = ValidName(name);

    /// <summary>Moves the organisation under <paramref name="newParent"/> (null: make it a root).</summary>
    /// <param name="tree">The current organisations, used to refuse moving an organisation under its own descendant.</param>
    public void MoveTo(Organization? newParent, OrganizationTree tree)
    {
        if (newParent is not null)
        {
            if (newParent.Id == Id || tree.IsSameOrDescendant(newParent.Id, Id))
            {
                throw new DomainException("organization.parent.cycle");
            }

            EnsureValidParent(Level, newParent);
        }

        ParentId = newParent?.Id;
    }

    public void Deactivate() => IsActive = false;

    public void Activate() => IsActive = true;

    private static string ValidName(string name) =>
        TextRules.Required(name, LedgerLimits.OrganizationName, "organization.name", singleLine: true);

    private static void EnsureValidParent(OrganizationLevel level, Organization parent)
    {
        if (parent.Level >= level)
        {
            throw new DomainException("organization.parent.level");
        }

        if (!parent.IsActive)
        {
            throw new DomainException("organization.parent.inactive");
        }
    }
}
