namespace Rectify.Domain.Organizations;

/// <summary>
/// A read-only view of the organisation tree built from a flat list, for scoping:
/// an organisation's items include its descendants' items. Inactive organisations stay in the tree
/// because their items still belong somewhere. Tolerates (ignores) cycles in bad data.
/// </summary>
public sealed class OrganizationTree
{
    private readonly Dictionary<int, Organization> _byId;
    private readonly Dictionary<int, List<int>> _children = [];

    public OrganizationTree(IEnumerable<Organization> organizations)
    {
        _byId = organizations.ToDictionary(o => o.Id);
        foreach (var org in _byId.Values.Where(o => o.ParentId is not null).OrderBy(o => o.Id))
        {
            if (!_children.TryGetValue(org.ParentId!.Value, out var list))
            {
                _children[org.ParentId.Value] = list = [];
            }

            list.Add(org.Id);
        }
    }

    public static OrganizationTree Empty { get; } = new([]);

    public IReadOnlyCollection<Organization> All => _byId.Values;

    public bool Contains(int organizationId) => _byId.ContainsKey(organizationId);

    public Organization? Find(int organizationId) => _byId.GetValueOrDefault(organizationId);

    public IReadOnlyList<Organization> ChildrenOf(int organizationId) =>
        _children.TryGetValue(organizationId, out var ids) ? ids.Select(id => _byId[id]).ToList() : [];

    /// <summary>All organisations below <paramref name="organizationId"/>, not including itself.</summary>
    public IReadOnlySet<int> DescendantsOf(int organizationId)
    {
        var result = new HashSet<int>();
        var pending = new Stack<int>();
        pending.Push(organizationId);
        while (pending.Count > 0)
        {
            if (!_children.TryGetValue(pending.Pop(), out var children))
            {
                continue;
            }

            foreach (var child in children.Where(c => c != organizationId && result.Add(c)))
            {
                pending.Push(child);
            }
        }

        return result;
    }

    /// <summary>The organisation itself and everything below it.</summary>
    public IReadOnlySet<int> SelfAndDescendantsOf(int organizationId)
    {
        var result = new HashSet<int>(DescendantsOf(organizationId)) { organizationId };
        return result;
    }

    /// <summary>True when <paramref name="organizationId"/> is <paramref name="ancestorId"/> or lies below it.</summary>
    public bool IsSameOrDescendant(int organizationId, int ancestorId)
    {
        var seen = new HashSet<int>();
        int? current = organizationId;
        while (current is int id && seen.Add(id))
        {
            if (id == ancestorId)
            {
                return true;
            }

            current = _byId.GetValueOrDefault(id)?.ParentId;
        }

        return false;
    }

    /// <summary>True when <paramref name="organizationId"/> is one of <paramref name="roots"/> or below one of them.</summary>
    public bool IsWithinAny(int organizationId, IEnumerable<int> roots) =>
        roots.Any(root => IsSameOrDescendant(organizationId, root));
}
