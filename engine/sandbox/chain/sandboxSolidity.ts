/** Solidity for the three sandbox contracts that no installed npm package ships in the shape we need:
 * - `TestToken`: an ERC20 with chosen decimals and an open `mint` (OpenZeppelin 3.4's preset is fixed at 18 decimals,
 *   and USDC has 6, WBTC 8).
 * - `WETH9`: deposit/withdraw wrapper, the interface the Uniswap periphery expects (no artifact ships in
 *   @uniswap/v3-periphery's npm package).
 * - `MockAggregator`: Chainlink's AggregatorV3Interface with setters for every field of a round, so tests can make a
 *   feed stale (old `updatedAt`), carried over (`answeredInRound < roundId`) or out of bounds. @chainlink/contracts is
 *   not installed; this mirrors its MockV3Aggregator plus `setRoundData`.
 * Compiled with solc-js at sandbox start (see compileSandboxContracts.ts). Sandbox only: the mint is open to anyone. */
export const SANDBOX_SOLIDITY = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract TestToken {
  string public name;
  string public symbol;
  uint8 public immutable decimals;
  uint256 public totalSupply;
  mapping(address => uint256) public balanceOf;
  mapping(address => mapping(address => uint256)) public allowance;
  event Transfer(address indexed from, address indexed to, uint256 value);
  event Approval(address indexed owner, address indexed spender, uint256 value);

  constructor(string memory name_, string memory symbol_, uint8 decimals_) {
    name = name_; symbol = symbol_; decimals = decimals_;
  }
  function mint(address to, uint256 amount) external {
    totalSupply += amount; balanceOf[to] += amount; emit Transfer(address(0), to, amount);
  }
  function approve(address spender, uint256 amount) external returns (bool) {
    allowance[msg.sender][spender] = amount; emit Approval(msg.sender, spender, amount); return true;
  }
  function transfer(address to, uint256 amount) external returns (bool) {
    _move(msg.sender, to, amount); return true;
  }
  function transferFrom(address from, address to, uint256 amount) external returns (bool) {
    uint256 a = allowance[from][msg.sender];
    require(a >= amount, "ERC20: insufficient allowance");
    if (a != type(uint256).max) allowance[from][msg.sender] = a - amount;
    _move(from, to, amount); return true;
  }
  function _move(address from, address to, uint256 amount) internal {
    require(balanceOf[from] >= amount, "ERC20: transfer amount exceeds balance");
    balanceOf[from] -= amount; balanceOf[to] += amount; emit Transfer(from, to, amount);
  }
}

contract WETH9 {
  string public name = "Wrapped Ether";
  string public symbol = "WETH";
  uint8 public decimals = 18;
  mapping(address => uint256) public balanceOf;
  mapping(address => mapping(address => uint256)) public allowance;
  event Transfer(address indexed from, address indexed to, uint256 value);
  event Approval(address indexed owner, address indexed spender, uint256 value);
  receive() external payable { deposit(); }
  function deposit() public payable { balanceOf[msg.sender] += msg.value; emit Transfer(address(0), msg.sender, msg.value); }
  function withdraw(uint256 wad) external {
    require(balanceOf[msg.sender] >= wad, "WETH: balance");
    balanceOf[msg.sender] -= wad; payable(msg.sender).transfer(wad); emit Transfer(msg.sender, address(0), wad);
  }
  function totalSupply() external view returns (uint256) { return address(this).balance; }
  function approve(address spender, uint256 wad) external returns (bool) {
    allowance[msg.sender][spender] = wad; emit Approval(msg.sender, spender, wad); return true;
  }
  function transfer(address to, uint256 wad) external returns (bool) { return transferFrom(msg.sender, to, wad); }
  function transferFrom(address from, address to, uint256 wad) public returns (bool) {
    require(balanceOf[from] >= wad, "WETH: balance");
    if (from != msg.sender && allowance[from][msg.sender] != type(uint256).max) {
      require(allowance[from][msg.sender] >= wad, "WETH: allowance");
      allowance[from][msg.sender] -= wad;
    }
    balanceOf[from] -= wad; balanceOf[to] += wad; emit Transfer(from, to, wad); return true;
  }
}

contract MockAggregator {
  uint8 public immutable decimals;
  string public description;
  uint256 public constant version = 4;
  uint80 internal roundId_;
  int256 internal answer_;
  uint256 internal startedAt_;
  uint256 internal updatedAt_;
  uint80 internal answeredInRound_;
  event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

  constructor(uint8 decimals_, string memory description_, int256 initialAnswer) {
    decimals = decimals_; description = description_; updateAnswer(initialAnswer);
  }
  function updateAnswer(int256 answer) public {
    roundId_ += 1; answer_ = answer; startedAt_ = block.timestamp; updatedAt_ = block.timestamp;
    answeredInRound_ = roundId_;
    emit AnswerUpdated(answer, roundId_, block.timestamp);
  }
  function setRoundData(uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) external {
    roundId_ = roundId; answer_ = answer; startedAt_ = startedAt; updatedAt_ = updatedAt; answeredInRound_ = answeredInRound;
  }
  function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
    return (roundId_, answer_, startedAt_, updatedAt_, answeredInRound_);
  }
  function latestAnswer() external view returns (int256) { return answer_; }
}
`
