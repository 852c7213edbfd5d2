namespace Rectify.Web.Bulletins;

public sealed record BulletinBranch(int Rank, string Name, int Total, int Closed, decimal? ClosingRate, int Overdue, TrafficLight Light);
