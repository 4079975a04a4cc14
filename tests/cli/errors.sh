#!/bin/sh
# Bad inputs and misuse: the exit code, the located message on stderr, and no output written.
. "$(dirname "$0")/lib/expect.sh"
proj() {
    echo "--population $1 --fertility $2 --mortality $3 --migration $4 --out $T/out"
}

# a number with a decimal comma on line 214 of the mortality table
awk -F, 'NR==214{$5="\"0,0043\""}1' OFS=, $D/demography_mortality.csv >"$T/mort_comma.csv"
expect 3 "$T/mort_comma.csv:214:5: error: column 'mx': '0,0043' is not a number" -- \
    project $(proj $D/demography_population.csv $D/demography_fertility.csv "$T/mort_comma.csv" $D/demography_migration.csv)

# a negative population
awk -F, 'NR==10{$6="-5"}1' OFS=, $D/demography_population.csv >"$T/pop_neg.csv"
expect 3 "$T/pop_neg.csv:10:6: error: column 'population': '-5' is negative" -- \
    project $(proj "$T/pop_neg.csv" $D/demography_fertility.csv $D/demography_mortality.csv $D/demography_migration.csv)

# a gap in the ages (age 37 dropped everywhere)
awk -F, '$5!="37"' OFS=, $D/demography_population.csv >"$T/pop_gap.csv"
expect 3 "$T/pop_gap.csv: error: ages 37 to 37 are missing" -- \
    project $(proj "$T/pop_gap.csv" $D/demography_fertility.csv $D/demography_mortality.csv $D/demography_migration.csv)

# a duplicate row
{ cat $D/demography_population.csv; sed -n 2p $D/demography_population.csv; } >"$T/pop_dup.csv"
n=$(wc -l <"$T/pop_dup.csv")
expect 3 "$T/pop_dup.csv:$n: error: duplicate row for area 'EP01', sex F, age '0' (first given on line 2)" -- \
    project $(proj "$T/pop_dup.csv" $D/demography_fertility.csv $D/demography_mortality.csv $D/demography_migration.csv)

# a missing column
cut -d, -f1-4 $D/demography_mortality.csv >"$T/mort_nocol.csv"
expect 3 "$T/mort_nocol.csv:1: error: missing required column 'mx'" -- \
    project $(proj $D/demography_population.csv $D/demography_fertility.csv "$T/mort_nocol.csv" $D/demography_migration.csv)

# mortality that does not cover an area
grep -v '^EP03' $D/demography_mortality.csv >"$T/mort_area.csv"
expect 3 "$T/mort_area.csv: error: no value for area 'EP03', sex F, age '0'" -- \
    project $(proj $D/demography_population.csv $D/demography_fertility.csv "$T/mort_area.csv" $D/demography_migration.csv)

# an unknown area in a rate table
awk -F, 'NR==3{$1="XX99"}1' OFS=, $D/demography_fertility.csv >"$T/fert_area.csv"
expect 3 "$T/fert_area.csv:3:1: error: column 'area': area 'XX99' is not in the base population" -- \
    project $(proj $D/demography_population.csv "$T/fert_area.csv" $D/demography_mortality.csv $D/demography_migration.csv)

# an empty file, a directory, a missing file
: >"$T/empty.csv"
expect 3 "$T/empty.csv: error: empty file" -- \
    project $(proj "$T/empty.csv" $D/demography_fertility.csv $D/demography_mortality.csv $D/demography_migration.csv)
expect 4 "$T: error: is a directory" -- \
    project $(proj "$T" $D/demography_fertility.csv $D/demography_mortality.csv $D/demography_migration.csv)
expect 4 "$T/nope.csv: error: cannot open" -- \
    project $(proj "$T/nope.csv" $D/demography_fertility.csv $D/demography_mortality.csv $D/demography_migration.csv)

# usage errors
expect 2 "fulcrum: error: unknown command 'projekt'" -- projekt
expect 2 "fulcrum: error: unknown option '--bogus'" -- project --bogus
expect 2 "fulcrum: error: --population, --fertility, --mortality and --out are required" -- project
expect 2 "fulcrum: error: option '--horizon': '2030x' is not an integer" -- \
    project $(proj $D/demography_population.csv $D/demography_fertility.csv $D/demography_mortality.csv $D/demography_migration.csv) --horizon 2030x
expect 2 "fulcrum: error: horizon 2021 must be after the base year 2022" -- \
    project $(proj $D/demography_population.csv $D/demography_fertility.csv $D/demography_mortality.csv $D/demography_migration.csv) --horizon 2021

# scenario errors are located too
printf '[projection]\npopulation = x.csv\nfertilty = y.csv\n' >"$T/bad.ini"
expect 3 "$T/bad.ini:3: error: unknown key 'fertilty' in section '[projection]'" -- run "$T/bad.ini" --out "$T/out"

# errors inside the chain name the user's input, never an internal file (issue 16): a copy of
# the shipped example with one input spoiled at a time
mkdir "$T/ex"
cp $D/*.csv $D/example.ini "$T/ex/"
spoil() { # spoil FILE AWK: rewrite the example's FILE with the awk program AWK
    awk -F, -v OFS=, "$2" "$D/$1" >"$T/ex/$1"
}
spoil demography_population.csv 'NR>1{$6="999999999999999"}1'
expect 3 "$T/ex/demography_population.csv:2:6: error: column 'population': 999999999999999 people is more than live on Earth" -- \
    run "$T/ex/example.ini" --out "$T/out"
cp $D/demography_population.csv "$T/ex/"
spoil demography_migration.csv 'NR>1{$4="1e15"}1'
expect 3 "$T/ex/demography_migration.csv:2:4: error: column 'inflow': 1e15 is above the largest allowed value 1e+10" -- \
    run "$T/ex/example.ini" --out "$T/out"
cp $D/demography_migration.csv "$T/ex/"
spoil finance_services.csv 'NR==2{$3="1e15"}1'
expect 3 "$T/ex/finance_services.csv:2:3: error: the cost of service 'ae_attendances' in 2024 (activity " -- \
    run "$T/ex/example.ini" --out "$T/out"
cp $D/finance_services.csv "$T/ex/"
line=$(grep -n '^horizon = 2034' "$T/ex/example.ini" | cut -d: -f1)
sed -i 's/^horizon = 2034 .*/horizon = 2020/' "$T/ex/example.ini"
expect 3 "$T/ex/example.ini:$line: error: the horizon 2020 is outside the projection: the activity runs 2022..2042" -- \
    run "$T/ex/example.ini" --out "$T/out"

if [ "$fails" -ne 0 ]; then
    echo "errors.sh: $fails failed"; exit 1
fi
echo "errors.sh: all bad-input cases passed"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish errors.sh 20 "${fails:-0}"
