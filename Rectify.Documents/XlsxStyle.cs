namespace Rectify.Documents;

/// <summary>Cell styles of every sheet Rectify writes (indexes into styles.xml's cellXfs).</summary>
public enum XlsxStyle : uint
{
    Default = 0,
    Title = 1,
    Subtitle = 2,
    Header = 3,
    Body = 4,
    BodyCentered = 5,
    Overdue = 6,
    OverdueCentered = 7,
    Note = 8,
}
