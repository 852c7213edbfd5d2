namespace Rectify.Tests.Support;

/// <summary>
/// Test classes that need only the default app (<see cref="RectifyFactory"/> with the demo data) and neither count what is
/// in its database absolutely nor change accounts or settings, sharing one instead of starting one per class.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DefaultAppCollection : ICollectionFixture<RectifyFactory>
{
    public const string Name = "default app";
}
