namespace Rectify.Domain.Ledger;

/// <summary>红黄绿灯 of an item. Signed-off and closed items are <see cref="Done"/>, not green, so the ledger can tell "on track" from "finished".</summary>
public enum TrafficLight
{
    Green = 0,
    Yellow = 1,
    Red = 2,
    Done = 3,
}
