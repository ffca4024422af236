{#- The calendar of the sales period: dbt's own portable series (dbt.generate_series: numbers 1 to n from cross
    joins of a two-row table), as many days as the period holds, counted in Jinja (sales_period_days) so that
    compiling never queries the warehouse. -#}
with

day_numbers as (

    {{ dbt.generate_series(sales_period_days()) }}

),

calendar as (

    select
        cast(
            {{ dbt.dateadd(
                'day',
                'cast(generated_number as ' ~ dbt.type_int() ~ ') - 1',
                "cast('" ~ sales_period_start() ~ "' as date)",
            ) }}
            as date
        ) as calendar_date

    from day_numbers

)

select * from calendar
