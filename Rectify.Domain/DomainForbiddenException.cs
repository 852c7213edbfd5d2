namespace Rectify.Domain;

/// <summary>The actor may not do this to this item (or may not do it at all).</summary>
public sealed class DomainForbiddenException(string code) : DomainException(code);
