internal import CMPI

/// A scalar type that MPI sends and reduces natively: `Float`, `Double`, `Int` and `Int32`.
///
/// ``Communicator``'s collectives (all-reduce, broadcast, all-gather) are generic over it.
/// Each conformance names the MPI datatype its values travel as.
public protocol MPIScalar: Numeric, Comparable, Sendable {
  /// The MPI datatype values of this type are sent as.
  static var mpiElement: MPIElement { get }
}

/// The MPI datatypes that ``MPIScalar`` values travel as.
public enum MPIElement: Sendable, Equatable {
  /// `MPI_FLOAT`, 32-bit IEEE 754.
  case float32
  /// `MPI_DOUBLE`, 64-bit IEEE 754.
  case float64
  /// `MPI_INT32_T`.
  case int32
  /// `MPI_INT64_T`.
  case int64

  /// The predefined MPI handle.
  var datatype: MPI_Datatype {
    switch self {
    case .float32: return bn_mpi_float()
    case .float64: return bn_mpi_double()
    case .int32: return bn_mpi_int32()
    case .int64: return bn_mpi_int64()
    }
  }
}

extension Float: MPIScalar {
  /// `MPI_FLOAT`.
  public static var mpiElement: MPIElement { .float32 }
}

extension Double: MPIScalar {
  /// `MPI_DOUBLE`.
  public static var mpiElement: MPIElement { .float64 }
}

extension Int32: MPIScalar {
  /// `MPI_INT32_T`.
  public static var mpiElement: MPIElement { .int32 }
}

extension Int: MPIScalar {
  /// `MPI_INT64_T` (`Int` is 64 bits on every platform BlockNumerics runs on).
  public static var mpiElement: MPIElement { .int64 }
}

/// How an all-reduce combines the values of all processes.
public enum ReductionOperation: Sendable, Equatable {
  /// The sum (`MPI_SUM`).
  case sum
  /// The product (`MPI_PROD`).
  case product
  /// The largest value (`MPI_MAX`).
  case maximum
  /// The smallest value (`MPI_MIN`).
  case minimum

  /// The predefined MPI handle.
  var op: MPI_Op {
    switch self {
    case .sum: return bn_mpi_sum()
    case .product: return bn_mpi_product()
    case .maximum: return bn_mpi_max()
    case .minimum: return bn_mpi_min()
    }
  }
}
