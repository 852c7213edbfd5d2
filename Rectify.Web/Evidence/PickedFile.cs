namespace Rectify.Web.Evidence;

/// <summary>One file the user picked: its name, the size the browser declared, and a way to read it (given the most bytes to accept).</summary>
public sealed record PickedFile(string Name, long Size, Func<long, Stream> Open);
