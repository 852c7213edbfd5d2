namespace Rectify.Tests.Support;

/// <summary>The component test classes, sharing one <see cref="ComponentTestApp"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ComponentCollection : ICollectionFixture<ComponentTestApp>
{
    public const string Name = "components";
}
