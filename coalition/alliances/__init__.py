"""Party-building alliances (党建联盟) and community co-building agreements (社区共建协议)."""
